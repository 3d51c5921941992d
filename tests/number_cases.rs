//! Table-driven classification of number forms (PRIMER §3 and the real corpus).
//!
//! Each row: a snippet and the compact description of every token that is not a plain word or
//! punctuation, in order, joined by ` | `. Forms:
//! - `Q[covered text] value unit:dimension r=resolution R` — R is the reading (C certain,
//!   A ambiguous, D damaged); flags: `alt=…`, `hedge`, `bound=…`, `exact`, `pad`.
//! - `R[text] (numerator) / (denominator)`, `G[text] (low) .. (high)` with the same inner form.
//! - `D[text] day/month/year` (`?` unknown, `!` malformed), `N[text] kind`,
//!   `E[text] label #ordinal`, `F[text] mark`.

use doisoat::ast::{Quantity, Reading, TokenKind};
use doisoat::lexicon::Lexicon;
use doisoat::parse::inline::tokenize;
use doisoat::span::Span;

fn q(text: &str, q: &Quantity, with_span: bool) -> String {
    let mut s = String::new();
    if with_span {
        s.push_str(&format!("[{}] ", &text[q.span.range()]));
    }
    s.push_str(&q.value.normalize().to_string());
    match &q.unit {
        Some(u) => s.push_str(&format!(" {}:{:?}", u.name, u.dimension).to_lowercase()),
        None => s.push_str(" -"),
    }
    s.push_str(&format!(" r={}", q.resolution.normalize()));
    s.push_str(match q.reading {
        Reading::Certain => " C",
        Reading::Ambiguous => " A",
        Reading::Damaged => " D",
    });
    if let Some(a) = &q.alt {
        s.push_str(&format!(" alt={}", a.normalize()));
    }
    if q.hedge.is_some() {
        s.push_str(" hedge");
    }
    if let Some(b) = q.bound {
        s.push_str(&format!(" bound={b:?}"));
    }
    if q.exact {
        s.push_str(" exact");
    }
    if q.zero_padded {
        s.push_str(" pad");
    }
    s
}

pub fn describe(text: &str) -> String {
    let lex = Lexicon::builtin();
    let toks = tokenize(text, Span::new(0, text.len()), &lex);
    let mut parts = Vec::new();
    for t in &toks {
        let tx = &text[t.span.range()];
        let d = match &t.kind {
            TokenKind::Word | TokenKind::Punct { .. } => continue,
            TokenKind::Quantity(x) => {
                assert_eq!(x.span, t.span);
                format!("Q{}", q(text, x, true))
            }
            TokenKind::Ratio(r) => format!(
                "R[{tx}] ({}) / ({})",
                q(text, &r.numerator, false),
                q(text, &r.denominator, false)
            ),
            TokenKind::Range(r) => format!(
                "G[{tx}] ({}) .. ({})",
                q(text, &r.low, false),
                q(text, &r.high, false)
            ),
            TokenKind::Date(d) => format!(
                "D[{tx}] {}/{}/{}{}",
                d.day.map_or("?".into(), |v| v.to_string()),
                d.month.map_or("?".into(), |v| v.to_string()),
                d.year.map_or("?".into(), |v| v.to_string()),
                if d.malformed { "!" } else { "" }
            ),
            TokenKind::NonQuantity { what } => format!("N[{tx}] {what:?}"),
            TokenKind::Enumerator { label, ordinal } => format!("E[{tx}] {label} #{ordinal}"),
            TokenKind::FootnoteMark { mark } => format!("F[{tx}] {mark}"),
        };
        parts.push(d);
    }
    parts.join(" | ")
}

const ROWS: &[(&str, &str)] = &[
    ("39.554 người", "Q[39.554 người] 39554 người:count r=1 C exact"),
    ("1.113,6 ha", "Q[1.113,6 ha] 1113.6 ha:area r=0.1 C"),
    ("6.413.384.669 đồng", "Q[6.413.384.669 đồng] 6413384669 đồng:money r=1 C"),
    ("75,5%", "Q[75,5%] 75.5 %:percent r=0.1 C"),
    ("0,5 ha", "Q[0,5 ha] 0.5 ha:area r=0.1 C"),
    ("21.004 người", "Q[21.004 người] 21004 người:count r=1 C exact"),
    ("13.82%", "Q[13.82%] 13.82 %:percent r=0.01 A alt=1382"),
    ("1.46%", "Q[1.46%] 1.46 %:percent r=0.01 A alt=146"),
    ("77.7%", "Q[77.7%] 77.7 %:percent r=0.1 A alt=777"),
    ("1.2345 ha", "Q[1.2345 ha] 1.2345 ha:area r=0.0001 A alt=12345"),
    ("140,583 ha", "Q[140,583 ha] 140.583 ha:area r=0.001 A alt=140583"),
    ("4,550 tấn", "Q[4,550 tấn] 4.55 tấn:mass r=0.001 A alt=4550"),
    ("5302 hồ sơ", "Q[5302 hồ sơ] 5302 hồ sơ:count r=1 C exact"),
    ("1000 người", "Q[1000 người] 1000 người:count r=1 C exact"),
    ("02 hồ sơ", "Q[02 hồ sơ] 2 hồ sơ:count r=1 C exact pad"),
    ("03 dự án", "Q[03 dự án] 3 dự án:count r=1 C exact pad"),
    ("05 trường hợp", "Q[05 trường hợp] 5 trường hợp:count r=1 C exact pad"),
    ("0 đơn", "Q[0 đơn] 0 đơn:count r=1 C exact"),
    ("1.23.456 người", "Q[1.23] 1.23 - r=0.01 A alt=123 | Q[456 người] 456 người:count r=1 C exact"),
    ("hơn 50 người", "Q[hơn 50 người] 50 người:count r=1 C hedge"),
    ("trên 90%", "Q[trên 90%] 90 %:percent r=1 C hedge"),
    ("khoảng 200 hộ", "Q[khoảng 200 hộ] 200 hộ:count r=1 C hedge"),
    ("ước đạt 75,5%", "Q[ước đạt 75,5%] 75.5 %:percent r=0.1 C hedge"),
    ("gần 1.000 người", "Q[gần 1.000 người] 1000 người:count r=1 C hedge"),
    ("dự kiến 30 tỷ đồng", "Q[dự kiến 30 tỷ đồng] 30000000000 đồng:money r=1000000000 C hedge"),
    ("tối thiểu 5 lớp", "Q[tối thiểu 5 lớp] 5 lớp:count r=1 C hedge"),
    ("từ 50 tuổi trở lên", "Q[50 tuổi] 50 tuổi:other r=1 C bound=AtLeast"),
    ("từ 60 người trở lên", "Q[60 người] 60 người:count r=1 C bound=AtLeast"),
    ("52 tỷ 262 triệu 391 nghìn đồng", "Q[52 tỷ 262 triệu 391 nghìn đồng] 52262391000 đồng:money r=1000 C"),
    ("220 tỷ 013 triệu đồng", "Q[220 tỷ 013 triệu đồng] 220013000000 đồng:money r=1000000 C"),
    ("1,3 tỷ đồng", "Q[1,3 tỷ đồng] 1300000000 đồng:money r=100000000 C"),
    // A tab separates table cells: no scale word, unit or chained figure across it.
    ("1\tTỷ lệ hộ nghèo", "Q[1] 1 - r=1 C exact"),
    ("52 tỷ\t262 triệu đồng", "Q[52 tỷ] 52000000000 - r=1000000000 C | Q[262 triệu đồng] 262000000 đồng:money r=1000000 C"),
    ("1.879,8 triệu đồng", "Q[1.879,8 triệu đồng] 1879800000 đồng:money r=100000 C"),
    ("349 tỷ 940 triệu đồng", "Q[349 tỷ 940 triệu đồng] 349940000000 đồng:money r=1000000 C"),
    ("5 triệu đồng", "Q[5 triệu đồng] 5000000 đồng:money r=1000000 C"),
    ("12kg", "Q[12kg] 12 kg:mass r=1 C"),
    ("7ha", "Q[7ha] 7 ha:area r=1 C"),
    ("35ha", "Q[35ha] 35 ha:area r=1 C"),
    ("2.017con", "Q[2.017con] 2017 con:count r=1 C exact"),
    ("400.000đồng", "Q[400.000đồng] 400000 đồng:money r=1 C"),
    ("64.300đ", "Q[64.300đ] 64300 đồng:money r=1 C"),
    ("24,67 km²", "Q[24,67 km²] 24.67 km²:area r=0.01 C"),
    ("70,48 km2", "Q[70,48 km2] 70.48 km²:area r=0.01 C"),
    ("18.300 m3", "Q[18.300 m3] 18300 m³:volume r=1 C"),
    ("100 %", "Q[100 %] 100 %:percent r=1 C"),
    ("64.300đ/hộ/tháng", "Q[64.300đ/hộ/tháng] 64300 đồng/hộ/tháng:rate r=1 C"),
    ("54,2 tạ/ha", "Q[54,2 tạ/ha] 54.2 tạ/ha:rate r=0.1 C"),
    ("41,7 tấn/ha", "Q[41,7 tấn/ha] 41.7 tấn/ha:rate r=0.1 C"),
    ("4 buổi/tháng", "Q[4 buổi/tháng] 4 buổi/tháng:rate r=1 C"),
    ("120 lượt người", "Q[120 lượt người] 120 lượt người:count r=1 C exact"),
    ("6 tổ dân phố", "Q[6 tổ dân phố] 6 tổ dân phố:count r=1 C exact"),
    ("63 hồ sơ", "Q[63 hồ sơ] 63 hồ sơ:count r=1 C exact"),
    ("17 chỉ tiêu", "Q[17 chỉ tiêu] 17 chỉ tiêu:count r=1 C exact"),
    ("03 tiêu chí", "Q[03 tiêu chí] 3 tiêu chí:count r=1 C exact pad"),
    ("521 học sinh", "Q[521 học sinh] 521 học sinh:count r=1 C exact"),
    ("99,9%", "Q[99,9%] 99.9 %:percent r=0.1 C"),
    ("100%", "Q[100%] 100 %:percent r=1 C"),
    ("10 lượt", "Q[10 lượt] 10 lượt:count r=1 C exact"),
    ("3 tầng 6 phòng", "Q[3 tầng] 3 tầng:count r=1 C exact | Q[6 phòng] 6 phòng:count r=1 C exact"),
    ("13/17 chỉ tiêu", "R[13/17 chỉ tiêu] (13 chỉ tiêu:count r=1 C exact) / (17 chỉ tiêu:count r=1 C exact)"),
    ("432/572 cháu", "R[432/572 cháu] (432 cháu:count r=1 C exact) / (572 cháu:count r=1 C exact)"),
    ("63/65 hồ sơ", "R[63/65 hồ sơ] (63 hồ sơ:count r=1 C exact) / (65 hồ sơ:count r=1 C exact)"),
    ("152 em/152 em", "R[152 em/152 em] (152 em:count r=1 C exact) / (152 em:count r=1 C exact)"),
    ("26/26 hộ", "R[26/26 hộ] (26 hộ:count r=1 C exact) / (26 hộ:count r=1 C exact)"),
    ("24 tỷ 517 triệu đồng/108 tỷ 789 triệu đồng", "R[24 tỷ 517 triệu đồng/108 tỷ 789 triệu đồng] (24517000000 đồng:money r=1000000 C) / (108789000000 đồng:money r=1000000 C)"),
    ("5.769 tỷ đồng/5.628 tỷ đồng", "R[5.769 tỷ đồng/5.628 tỷ đồng] (5769000000000 đồng:money r=1000000000 C) / (5628000000000 đồng:money r=1000000000 C)"),
    ("130,8/106,9 tỷ đồng", "R[130,8/106,9 tỷ đồng] (130800000000 đồng:money r=100000000 C) / (106900000000 đồng:money r=100000000 C)"),
    ("521/522 học sinh", "R[521/522 học sinh] (521 học sinh:count r=1 C exact) / (522 học sinh:count r=1 C exact)"),
    ("16/6/2025", "D[16/6/2025] 16/6/2025"),
    ("1/7/2025", "D[1/7/2025] 1/7/2025"),
    ("ngày 31/5", "D[31/5] 31/5/?"),
    ("đến ngày 31/5", "D[31/5] 31/5/?"),
    ("tháng 3/2026", "D[3/2026] ?/3/2026"),
    ("1665/NQ-UBTVQH15", "N[1665/NQ-UBTVQH15] Citation"),
    ("04/2026/NQ-HĐND", "N[04/2026/NQ-HĐND] Citation"),
    ("168/NĐ-CP", "N[168/NĐ-CP] Citation"),
    ("201/BHXXH-QLT&PTNTG", "N[201/BHXXH-QLT&PTNTG] Citation"),
    ("168/2024/NĐ-CP", "N[168/2024/NĐ-CP] Citation"),
    ("Nghị định 124/2025/NĐ-CP", "N[124/2025/NĐ-CP] Citation"),
    ("Công văn số 3317/UBND-TC", "N[3317/UBND-TC] Citation"),
    ("57-NQ/TW", "N[57-NQ/TW] Citation"),
    ("tỷ lệ 1/2000", "N[1/2000] MapScale"),
    ("24/24", "N[24/24] RoundTheClock"),
    ("24/24 giờ", "N[24/24] RoundTheClock"),
    ("quý 1,2,3,4/2025", "N[1,2,3,4/2025] Level"),
    ("20-30%", "G[20-30%] (20 %:percent r=1 C) .. (30 %:percent r=1 C)"),
    ("15-20%", "G[15-20%] (15 %:percent r=1 C) .. (20 %:percent r=1 C)"),
    ("15 - 17%", "G[15 - 17%] (15 %:percent r=1 C) .. (17 %:percent r=1 C)"),
    ("170-200", "G[170-200] (170 - r=1 C exact) .. (200 - r=1 C exact)"),
    ("170 triệu - 200 triệu", "G[170 triệu - 200 triệu] (170000000 - r=1000000 C) .. (200000000 - r=1000000 C)"),
    ("≥19%", "Q[≥19%] 19 %:percent r=1 C bound=AtLeast"),
    (">98", "Q[>98] 98 - r=1 C bound=MoreThan"),
    ("≥ 19%", "Q[≥ 19%] 19 %:percent r=1 C bound=AtLeast"),
    ("2026-2030", "N[2026-2030] Period"),
    ("2021 - 2025", "N[2021 - 2025] Period"),
    ("2022- 2023", "N[2022- 2023] Period"),
    ("năm học 2022 -2023", "N[2022 -2023] Period"),
    ("nhiệm kỳ 2026-2031", "N[2026-2031] Period"),
    ("giai đoạn 2021 - 2025", "N[2021 - 2025] Period"),
    ("26/12//2024", "D[26/12//2024] 26/12/2024!"),
    ("19/ 8/2025", "D[19/ 8/2025] 19/8/2025!"),
    ("27/7/1947-27/7/2023", "D[27/7/1947] 27/7/1947 | D[27/7/2023] 27/7/2023"),
    ("24/22/2023", "D[24/22/2023] 24/22/2023"),
    ("ngày 30", "N[30] DatePart"),
    ("tháng 6", "N[6] DatePart"),
    ("năm 2026", "N[2026] Year"),
    ("năm 2024", "N[2024] Year"),
    ("cùng kỳ năm 2022", "N[2022] Year"),
    ("ngày 30 tháng 6 năm 2026", "N[30] DatePart | N[6] DatePart | N[2026] Year"),
    ("trong năm 2025 đạt", "N[2025] Year"),
    ("Nghị quyết 57", "N[57] Citation"),
    ("Đề án 06", "N[06] Citation"),
    ("Nghị quyết số 57", "N[57] Citation"),
    ("Luật Đất đai năm 2024", "N[2024] Citation"),
    ("6 tháng đầu năm", "N[6 tháng đầu năm] Period"),
    ("6 tháng cuối năm 2026", "N[6 tháng cuối năm 2026] Period"),
    ("9 tháng đầu năm 2025", "N[9 tháng đầu năm 2025] Period"),
    ("17h30’", "N[17h30’] Time"),
    ("6 h00’", "N[6 h00’] Time"),
    ("lúc 8h", "N[8h] Time"),
    ("Quốc lộ 38", "N[38] Road"),
    ("quốc lộ 1", "N[1] Road"),
    ("đường tỉnh 394B", "N[394B] Road"),
    ("km16+750", "N[km16+750] Road"),
    ("Km23+920", "N[Km23+920] Road"),
    ("đường 390b", "N[390b] Road"),
    ("ISO 9001:2015", "N[9001:2015] Standard"),
    ("mức độ 3,4", "N[3,4] Level"),
    ("mức độ II", "N[II] Level"),
    ("cấp độ 3", "N[3] Level"),
    ("thứ 2,4,6", "N[2,4,6] Level"),
    ("U10", "N[U10] Code"),
    ("560KVA", "N[560KVA] Code"),
    ("35kV", "N[35kV] Code"),
    ("Covid-19", "N[Covid-19] Code"),
    ("Covid -19", "N[Covid -19] Code"),
    ("F0", "N[F0] Code"),
    ("AD07", "N[AD07] Code"),
    ("PC02", "N[PC02] Code"),
    ("T0", "N[T0] Code"),
    ("khóa XVI", "N[XVI] RomanTerm"),
    ("khoá XX", "N[XX] RomanTerm"),
    ("lần thứ XIV", "N[XIV] RomanTerm"),
    ("bão số 5", "N[5] Label"),
    ("số 10", "N[10] Label"),
    ("thôn 2", "N[2] Label"),
    ("lớp 5", "N[5] Label"),
    ("Khối 6", "N[6] Label"),
    ("kỳ họp thứ 5", "N[5] Label"),
    ("gác 2", "N[2] Label"),
    ("Chương trình giáo dục phổ thông 2018", "N[2018] Label"),
    ("tổng số 10 trường hợp", "Q[10 trường hợp] 10 trường hợp:count r=1 C exact"),
    ("thôn 2 có 50 hộ", "N[2] Label | Q[50 hộ] 50 hộ:count r=1 C exact"),
    ("gồm: (1) A, (2) B", "E[(1)] 1 #1 | E[(2)] 2 #2"),
    ("(a) một", "E[(a)] a #1"),
    ("(có phụ lục)", ""),
    ("gồm: 1) một; 2) hai", "E[1)] 1 #1 | E[2)] 2 #2"),
    ("gồm: a) một, b) hai", "E[a)] a #1 | E[b)] b #2"),
    ("nguồn vốn¹ và", "F[¹] 1"),
    ("nội dung²³ tiếp", "F[²³] 23"),
    ("kết quả⁽¹⁾ đạt", "F[⁽¹⁾] 1"),
    ("xem[^1] thêm", "F[[^1]] 1"),
    ("tỷ lệ¹² đạt", "F[¹²] 12"),
    ("10 75%", "Q[10 75%] 10.75 %:percent r=0.01 D"),
    ("97 9%", "Q[97 9%] 97.9 %:percent r=0.1 D"),
    ("59 21%", "Q[59 21%] 59.21 %:percent r=0.01 D"),
    ("55 12 ha", "Q[55 12 ha] 55.12 ha:area r=0.01 D"),
    ("2 0 ha", "Q[2 0 ha] 2 ha:area r=0.1 D"),
    ("5 39 ha", "Q[5 39 ha] 5.39 ha:area r=0.01 D"),
    ("1 1 tấn", "Q[1 1 tấn] 1.1 tấn:mass r=0.1 D"),
    ("40 887 tỷ đồng", "Q[40 887 tỷ đồng] 40887000000 đồng:money r=1000000 D"),
    ("3 12 người", "Q[3] 3 - r=1 C exact | Q[12 người] 12 người:count r=1 C exact"),
    ("khoảng 20-30%", "G[khoảng 20-30%] (20 %:percent r=1 C hedge) .. (30 %:percent r=1 C)"),
    ("hơn 1,3 tỷ đồng", "Q[hơn 1,3 tỷ đồng] 1300000000 đồng:money r=100000000 C hedge"),
    ("trên ≥ 5 ha", "Q[trên ≥ 5 ha] 5 ha:area r=1 C hedge bound=AtLeast"),
    ("kinh tế - xã hội", ""),
    ("đạt 100% kế hoạch", "Q[100%] 100 %:percent r=1 C"),
    ("chiếm 24,38%", "Q[24,38%] 24.38 %:percent r=0.01 C"),
    ("tăng 5,2% so với cùng kỳ", "Q[5,2%] 5.2 %:percent r=0.1 C"),
    ("2 năm", "Q[2 năm] 2 năm:time r=1 C"),
    ("15 ngày", "Q[15 ngày] 15 ngày:count r=1 C exact"),
    ("5,5 km", "Q[5,5 km] 5.5 km:length r=0.1 C"),
    ("300 m", "Q[300 m] 300 m:length r=1 C"),
    ("2 sào", "Q[2 sào] 2 sào:area r=1 C"),
    ("3 tạ", "Q[3 tạ] 3 tạ:mass r=1 C"),
    ("1,5 tấn", "Q[1,5 tấn] 1.5 tấn:mass r=0.1 C"),
    ("50 VNĐ", "Q[50 VNĐ] 50 đồng:money r=1 C"),
    ("1 phần trăm", "Q[1 phần trăm] 1 %:percent r=1 C"),
    ("các chỉ tiêu 1,2,3,4,5,6,7,8,14,15", "N[1,2,3,4,5,6,7,8,14,15] Label"),
    ("mức độ 3, 4 được", "N[3, 4] Level"),
    ("dịch Covid – 19", "N[Covid – 19] Code"),
    ("1,234,567 đồng", "Q[1,234,567 đồng] 1234567 đồng:money r=1 C"),
    ("trẻ em dưới 5 tuổi", "Q[5 tuổi] 5 tuổi:other r=1 C"),
    ("ban hành 32 thông báo", "Q[32 thông báo] 32 thông báo:count r=1 C exact"),
    ("chính quyền địa phương 02 cấp", "Q[02 cấp] 2 cấp:count r=1 C exact pad"),
    ("Năm 2025  thực hiện", "N[2025] Year"),
    ("tiêm vacxin covid-19.", "N[covid-19] Code"),
    ("Ngày Pháp luật Việt Nam (09/11)", "D[09/11] 9/11/?"),
    ("dịp 30/4", "D[30/4] 30/4/?"),
    ("đạt 13/17", "R[13/17] (13 - r=1 C exact) / (17 - r=1 C exact)"),
    ("Kế hoạch phát triển năm 2026", "N[2026] Year"),
    ("dịch vụ công trực tuyến 3065/3087 hồ sơ", "R[3065/3087 hồ sơ] (3065 hồ sơ:count r=1 C exact) / (3087 hồ sơ:count r=1 C exact)"),
    ("giáo dục pháp luật năm 2023", "N[2023] Year"),
    ("cấp CCCD cho 50 người", "Q[50 người] 50 người:count r=1 C exact"),
    ("Hội nghị Trung ương 6 khóa XII", "N[6] Label | N[XII] RomanTerm"),
    ("đồng/người/năm\t155\t170-200\tPhòng Kinh tế", "Q[155] 155 - r=1 C exact | G[170-200] (170 - r=1 C exact) .. (200 - r=1 C exact)"),
    ("Cơ sở\t20\t20", "Q[20] 20 - r=1 C exact | Q[20] 20 - r=1 C exact"),
    ("dịch vụ công mức độ 3 và 4 là 1773/1811 hồ sơ", "N[3 và 4] Level | R[1773/1811 hồ sơ] (1773 hồ sơ:count r=1 C exact) / (1811 hồ sơ:count r=1 C exact)"),
    ("67 hộ x 64.300đ/hộ/tháng x 6 tháng", "Q[67 hộ] 67 hộ:count r=1 C exact | Q[64.300đ/hộ/tháng] 64300 đồng/hộ/tháng:rate r=1 C | Q[6 tháng] 6 tháng:time r=1 C"),
    ("trẻ 5tuổi", "Q[5tuổi] 5 tuổi:other r=1 C"),
    ("mạng 5G", "N[5G] Code"),
    ("trạm biến áp 250 kVA", "Q[250 kVA] 250 kva:other r=1 C"),
];

#[test]
fn number_cases() {
    assert!(ROWS.len() >= 150, "only {} rows", ROWS.len());
    let dump = std::env::var("DUMP_ROWS").is_ok();
    let mut failures = Vec::new();
    for (input, expected) in ROWS {
        let got = describe(input);
        if dump {
            println!("    ({input:?}, {got:?}),");
        } else if got != *expected {
            failures.push(format!(
                "{input:?}\n   expected {expected:?}\n   got      {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows differ:\n{}",
        failures.len(),
        ROWS.len(),
        failures.join("\n")
    );
}
