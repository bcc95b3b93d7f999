// The `decode-sts` program of each XML decoder crate: decodes the STS AssumeRole response
// (and the input given as argument, if any, as ListUsers) and prints what it found.
fn main() {
    match decoder::decode_assume_role(decoder::STS_ASSUME_ROLE) {
        Ok(found) => println!("{} expires {}", found.access_key_id, found.expiration),
        Err(e) => {
            eprintln!("cannot decode: {e}");
            std::process::exit(1);
        }
    }
    if let Some(path) = std::env::args().nth(1) {
        let body = std::fs::read_to_string(&path).unwrap_or_default();
        match decoder::decode_list_users(&body) {
            Ok(found) => println!("{} users", found.users.len()),
            Err(e) => eprintln!("cannot decode {path}: {e}"),
        }
    }
}
