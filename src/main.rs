fn main() {
    println!("doisoat");
}
