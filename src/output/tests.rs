//! The writer's unit tests: what it writes, keeps and removes; the lock; and a write
//! stopped or failing at every step.

use std::collections::BTreeSet;
use std::time::Duration;

use super::commit::Stop;
use super::*;

fn write_all(site: &Site, out: &Path) -> Result<WriteSummary, WriteError> {
    write(site, out, &|_| false)
}

fn site(files: &[(&str, &str)]) -> Site {
    let mut s = Site::new();
    for (p, b) in files {
        s.add(*p, b.as_bytes());
    }
    s
}

#[test]
fn writes_replaces_and_removes_only_its_own_stale_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join(".htaccess"), "mine").unwrap();

    let first = write_all(&site(&[("index.html", "a"), ("reps/x/1.html", "b")]), &out).unwrap();
    assert_eq!(first.written, 2);
    let second = write_all(&site(&[("index.html", "a2")]), &out).unwrap();
    assert_eq!((second.written, second.removed), (1, 1));
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "a2");
    assert!(
        !out.join("reps").exists(),
        "empty folders of stale files go too"
    );
    assert_eq!(fs::read_to_string(out.join(".htaccess")).unwrap(), "mine");
    assert!(!dir.path().join(".public.pulsebook-staging").exists());
}

#[test]
fn unchanged_files_are_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_all(&site(&[("a.html", "same")]), &out).unwrap();
    let before = fs::metadata(out.join("a.html"))
        .unwrap()
        .modified()
        .unwrap();
    let manifest_before = fs::metadata(out.join(MANIFEST))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let summary = write_all(&site(&[("a.html", "same")]), &out).unwrap();
    assert_eq!((summary.written, summary.unchanged), (0, 1));
    let after = fs::metadata(out.join("a.html"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
    assert_eq!(
        manifest_before,
        fs::metadata(out.join(MANIFEST))
            .unwrap()
            .modified()
            .unwrap(),
        "the manifest is not rewritten either"
    );
}

#[test]
fn never_overwrites_or_deletes_foreign_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("index.html"), "hand-made").unwrap();
    let err = write_all(&site(&[("index.html", "generated")]), &out).unwrap_err();
    assert!(
        err.to_string().contains("not written by pulsebook"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(out.join("index.html")).unwrap(),
        "hand-made"
    );

    // A stale file the user edited after we wrote it is kept.
    let out2 = dir.path().join("p2");
    write_all(&site(&[("a.html", "x"), ("b.html", "y")]), &out2).unwrap();
    fs::write(out2.join("b.html"), "edited").unwrap();
    let summary = write_all(&site(&[("a.html", "x")]), &out2).unwrap();
    assert_eq!(summary.kept, ["b.html"]);
    assert!(out2.join("b.html").exists());
}

#[test]
fn archived_files_are_kept_and_stay_in_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let archive = |p: &str| p.starts_with("reps/");
    let first = site(&[("reps/a/2026-09.html", "sept"), ("old.html", "x")]);
    write(&first, &out, &archive).unwrap();
    let summary = write(&site(&[("reps/a/2026-10.html", "oct")]), &out, &archive).unwrap();
    assert_eq!(summary.removed, 1, "old.html goes");
    assert_eq!(
        fs::read_to_string(out.join("reps/a/2026-09.html")).unwrap(),
        "sept"
    );
    // Still ours: a build with no archive rule removes it.
    let summary = write_all(&site(&[("reps/a/2026-10.html", "oct")]), &out).unwrap();
    assert_eq!(summary.removed, 1);
    assert!(!out.join("reps/a/2026-09.html").exists());
}

#[test]
fn rejects_unsafe_paths() {
    assert!(safe_relative("reps/jan/2026-10.html"));
    for bad in ["../x", "/etc/passwd", "a//b", "a/./b", ""] {
        assert!(!safe_relative(bad), "{bad}");
    }
}

const WAIT: Duration = Duration::from_secs(10);

/// Every file (with its bytes) and folder (`None`) under a folder.
type Tree = BTreeMap<String, Option<Vec<u8>>>;

/// The [`Tree`] under `dir`: equal trees are exactly the same site.
fn tree(dir: &Path) -> Tree {
    fn visit(dir: &Path, prefix: &str, out: &mut Tree) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                out.insert(format!("{name}/"), None);
                visit(&entry.path(), &format!("{name}/"), out);
            } else {
                out.insert(name, Some(fs::read(entry.path()).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    visit(dir, "", &mut out);
    out
}

/// What the writer leaves beside the output folder `out`.
fn beside(out: &Path) -> BTreeSet<String> {
    fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("pulsebook"))
        .collect()
}

fn archive(path: &str) -> bool {
    path.ends_with("2026-09.html")
}

/// The site of the last build: files that change, one kept as an archive, one that
/// goes, one the user edits, one that becomes a folder; and the user's own file.
fn last_build(out: &Path) {
    fs::create_dir_all(out).unwrap();
    fs::write(out.join(".htaccess"), "mine").unwrap();
    let old = site(&[
        ("index.html", "a"),
        ("reps/ann/index.html", "ann"),
        ("reps/ann/2026-09.html", "sept"),
        ("reps/bob/index.html", "bob"),
        ("assets/img", "an asset"),
        ("data/x.csv", "x"),
        ("notes.html", "n"),
    ]);
    write(&old, out, &archive).unwrap();
    fs::write(out.join("notes.html"), "edited by hand").unwrap();
}

fn next_build() -> Site {
    site(&[
        ("index.html", "a2"),
        ("reps/ann/index.html", "ann2"),
        ("reps/ann/2026-10.html", "oct"),
        ("reps/cid/index.html", "cid"),
        ("assets/img/logo.png", "png"),
        ("data/x.csv", "x"),
    ])
}

/// The output before and after the next build, run without a stop.
fn old_and_new() -> (Tree, Tree) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    last_build(&out);
    let old = tree(&out);
    let summary = write(&next_build(), &out, &archive).unwrap();
    assert_eq!(summary.removed, 2, "bob's page and the asset file");
    assert_eq!(summary.kept, ["notes.html"]);
    (old, tree(&out))
}

#[test]
fn a_write_killed_at_any_step_is_finished_by_the_next_build() {
    let (old, new) = old_and_new();
    assert_ne!(old, new);
    let mut committed = 0;
    for k in 0.. {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        last_build(&out);
        let hooks = Hooks::stopping(&[(k, Stop::Kill)]);
        if write_with(&next_build(), &out, &archive, &hooks).is_ok() {
            assert_eq!(tree(&out), new);
            assert!(k > 8, "only {k} steps");
            break;
        }
        let pending = dir.path().join(".public.pulsebook-commit").exists();
        if pending {
            committed += 1;
        } else {
            assert_eq!(tree(&out), old, "killed before the commit (step {k})");
        }
        // The start of the next build finishes the write, and only then.
        assert_eq!(recover_with(&out, &Hooks::new(WAIT)).unwrap(), pending);
        assert_eq!(&tree(&out), if pending { &new } else { &old }, "step {k}");
        assert!(!beside(&out).contains(".public.pulsebook-commit"));
        write(&next_build(), &out, &archive).unwrap();
        assert_eq!(tree(&out), new, "step {k}");
        assert!(beside(&out).is_empty(), "{:?}", beside(&out));
    }
    assert!(committed > 8);
}

#[test]
fn a_failure_at_any_step_puts_the_last_site_back() {
    let (old, new) = old_and_new();
    for k in 0.. {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        last_build(&out);
        let hooks = Hooks::stopping(&[(k, Stop::Fail)]);
        match write_with(&next_build(), &out, &archive, &hooks) {
            Ok(_) => {
                assert_eq!(tree(&out), new);
                assert!(k > 8, "only {k} steps");
                break;
            }
            Err(err) => {
                assert!(err.to_string().contains("injected"), "{err}");
                assert_eq!(tree(&out), old, "failed at step {k}");
                assert!(beside(&out).is_empty(), "step {k}: {:?}", beside(&out));
            }
        }
    }
}

#[test]
fn a_kill_while_putting_the_last_site_back_is_finished_by_the_next_build() {
    let (old, new) = old_and_new();
    let steps = {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        last_build(&out);
        let hooks = Hooks::stopping(&[]);
        write_with(&next_build(), &out, &archive, &hooks).unwrap();
        hooks.steps()
    };
    let mut cases = 0;
    // Step 0 is the commit (a failure there undoes nothing), the last one the removal
    // of the emptied commit folder (whose failure is no error).
    for fail in 1..steps - 1 {
        for after in 1.. {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            last_build(&out);
            let hooks = Hooks::stopping(&[(fail, Stop::Fail), (fail + after, Stop::Kill)]);
            let err = write_with(&next_build(), &out, &archive, &hooks).unwrap_err();
            let pending = dir.path().join(".public.pulsebook-commit").exists();
            recover_with(&out, &Hooks::new(WAIT)).unwrap();
            let expected = if pending { &new } else { &old };
            assert_eq!(&tree(&out), expected, "fail at {fail}, kill {after} later");
            cases += 1;
            if err.to_string().contains("injected") {
                break; // put back in full before the kill
            }
        }
    }
    assert!(cases > steps, "{cases} cases");
}

#[test]
fn a_second_writer_waits_for_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    fs::create_dir_all(&out).unwrap();
    let lock_path = Beside::of(&out).unwrap().lock;
    let held = lock::Lock::acquire(&lock_path, &out, WAIT).unwrap();
    let writer = {
        let out = out.clone();
        std::thread::spawn(move || write_all(&site(&[("index.html", "a")]), &out))
    };
    std::thread::sleep(Duration::from_millis(300));
    assert!(!writer.is_finished());
    assert!(
        !out.join("index.html").exists(),
        "nothing written while locked"
    );
    drop(held);
    assert_eq!(writer.join().unwrap().unwrap().written, 1);
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "a");
    assert!(beside(&out).is_empty(), "the lock file goes with the lock");
}

#[test]
fn a_writer_gives_up_after_the_wait_and_names_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_all(&site(&[("index.html", "a")]), &out).unwrap();
    let before = tree(&out);
    let lock_path = Beside::of(&out).unwrap().lock;
    let _held = lock::Lock::acquire(&lock_path, &out, WAIT).unwrap();
    let hooks = Hooks::new(Duration::from_millis(100));
    let err = write_with(&site(&[("index.html", "b")]), &out, &|_| false, &hooks).unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("failed to lock `"), "{text}");
    assert!(text.contains(".public.pulsebook-lock`"), "{text}");
    assert!(
        text.contains("another pulsebook build has been writing"),
        "{text}"
    );
    assert_eq!(tree(&out), before);
}

#[test]
fn a_waiter_follows_the_lock_file_its_holder_removed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    fs::create_dir_all(&out).unwrap();
    let path = Beside::of(&out).unwrap().lock;
    let first = lock::Lock::acquire(&path, &out, WAIT).unwrap();
    let second = {
        let (path, out) = (path.clone(), out.clone());
        std::thread::spawn(move || lock::Lock::acquire(&path, &out, WAIT).unwrap())
    };
    std::thread::sleep(Duration::from_millis(100));
    drop(first); // removes the file the second one waits on
    let second = second.join().unwrap();
    assert!(path.exists(), "the second holder's own lock file");
    let third = lock::Lock::acquire(&path, &out, Duration::from_millis(100));
    assert!(third.is_err(), "the file at the path is the one held");
    drop(second);
    assert!(!path.exists());
}

#[test]
fn a_file_in_the_way_of_a_folder_fails_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_all(&site(&[("index.html", "a")]), &out).unwrap();
    fs::write(out.join("reps"), "a file of the user's").unwrap();
    let before = tree(&out);
    let err = write_all(&site(&[("index.html", "b"), ("reps/x.html", "x")]), &out).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("public/reps`"), "{text}");
    assert!(text.contains("stands where it needs a folder"), "{text}");
    assert_eq!(tree(&out), before);
    assert!(beside(&out).is_empty());
}

#[test]
fn an_unsafe_path_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let err = write_all(&site(&[("assets/a\\b.png", "x")]), &out).unwrap_err();
    assert!(
        err.to_string().contains("leaves the output folder"),
        "{err}"
    );
    assert!(!out.exists());
}
