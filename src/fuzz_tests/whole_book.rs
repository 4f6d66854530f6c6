//! `check` on whole mutated books: any test book, up to four edits, each mutating one
//! of its files, adding a file of another book or of the built-in theme and handbook
//! (mutated too), or removing a file. This is the property of issue 18's long run.

use std::sync::OnceLock;

use proptest::prelude::*;

use super::mutate::Mutation;
use super::*;

/// Where an edit lands.
#[derive(Debug, Clone)]
enum Target {
    /// The `n`th file of the book (wrapping).
    Own(usize),
    /// The `n`th donor file, added to the book (wrapping).
    Donor(usize),
    /// The `n`th file of the book, removed.
    Remove(usize),
}

#[derive(Debug, Clone)]
struct Edit {
    target: Target,
    mutations: Vec<Mutation>,
}

/// Files a book may gain: every file of the other test books, the built-in theme
/// (a book's `templates/` replaces it by name) and handbook chapters.
fn donors() -> &'static Files {
    static DONORS: OnceLock<Files> = OnceLock::new();
    DONORS.get_or_init(|| {
        let mut files: Files = books()
            .iter()
            .flat_map(|(_, files)| files.iter().cloned())
            .collect();
        for (name, bytes) in crate::base::embedded::under("templates") {
            files.push((format!("templates/{name}"), bytes.to_vec()));
        }
        for (name, bytes) in crate::base::embedded::under("content/en") {
            files.push((format!("content/{name}"), bytes.to_vec()));
        }
        files
    })
}

fn edit() -> impl Strategy<Value = Edit> {
    let target = prop_oneof![
        6 => any::<usize>().prop_map(Target::Own),
        2 => any::<usize>().prop_map(Target::Donor),
        1 => any::<usize>().prop_map(Target::Remove),
    ];
    (target, mutate::mutations(3)).prop_map(|(target, mutations)| Edit { target, mutations })
}

/// The book `name` after `edits`.
fn edited(name: &str, edits: &[Edit]) -> Files {
    let mut files = files_of(name).clone();
    for e in edits {
        match e.target {
            Target::Own(n) => {
                let (path, bytes) = &files[n % files.len()];
                let bytes = mutate::apply_all(bytes, &e.mutations);
                files = with_file(&files, &path.clone(), bytes);
            }
            Target::Donor(n) => {
                let (path, bytes) = &donors()[n % donors().len()];
                files = with_file(&files, path, mutate::apply_all(bytes, &e.mutations));
            }
            Target::Remove(n) => {
                if files.len() > 1 {
                    files.remove(n % files.len());
                }
            }
        }
    }
    files
}

proptest! {
    #![proptest_config(config(32))]

    #[test]
    fn whole_mutated_book_is_checked(
        name in proptest::sample::select(&BOOKS[..]),
        edits in proptest::collection::vec(edit(), 1..=4),
    ) {
        if std::env::var_os("PULSEBOOK_FUZZ_LOG").is_some() {
            eprintln!("fuzz case: {name} {edits:?}");
        }
        check_sound(&edited(name, &edits));
    }
}

/// Every test book passes `check` unchanged: the properties start from valid books.
#[test]
fn test_books_pass_check() {
    for (name, files) in books() {
        let outcome = check(files);
        assert!(
            outcome.failure.is_none(),
            "{name}: {:?}",
            outcome
                .diags
                .iter()
                .filter(|d| d.is_error())
                .collect::<Vec<_>>()
        );
    }
}
