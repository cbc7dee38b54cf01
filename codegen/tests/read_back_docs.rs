//! Which conversions the `rmw_probe` fixture gets, and the docs of each `PUT` whose body converts
//! from what its `GET` returned.

use std::fs;
use std::path::Path;

/// `/kinds/{id}` and `/kinds-again/{id}` yield the same pair (`Kinds` read, `KindsUpdate` sent):
/// one conversion, and both `PUT`s point to it.
#[test]
fn every_put_of_a_pair_points_to_the_conversion() {
    let client = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/rmw_probe/client.rs"),
    )
    .unwrap();
    for method in ["put_kinds", "put_kinds_again"] {
        let at = client.find(&format!("pub async fn {method}(")).unwrap();
        let docs = client[..at].rfind("/// `PUT ").unwrap();
        assert!(
            client[docs..at].contains("KindsUpdate::try_from"),
            "{method}'s docs do not mention the conversion:\n{}",
            &client[docs..at]
        );
    }
}

/// No conversion where it could never succeed (the request requires a write-only property,
/// which is never read) or would drop what was read (the value read keeps further properties in
/// a typed map, which the request's unknown properties are not); one for the other pairs.
#[test]
fn conversions_are_written_only_where_they_lose_nothing_and_can_succeed() {
    let types = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/rmw_probe/types.rs"),
    )
    .unwrap();
    let conversions: Vec<&str> = types
        .lines()
        .filter_map(|line| line.strip_prefix("impl ::core::convert::TryFrom<&"))
        .collect();
    assert_eq!(
        conversions,
        [
            "Kinds> for KindsUpdate {",
            "NoteView> for Note {",
            "Profile> for ProfileUpdate {",
        ]
    );
}
