//! Faults and concurrent writers, end to end: two builds of one output folder, a build
//! waiting for another's lock, builds killed with SIGKILL at random moments, a full
//! disk, a read-only output folder, unreadable and vanishing inputs. Every fault ends
//! in exit status 1 with a message naming the path — never a panic — and the last good
//! output exactly as it was.
//!
//! File modes do not stop root, and CI runs as root: there the read-only and unreadable
//! cases run pulsebook as `nobody`, which owns the test's files (see [`User`]).
//! `PULSEBOOK_KILLS=<n>` sets how many builds the kill test stops (default 6),
//! `PULSEBOOK_KILL_SEED=<n>` replays its random delays.

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::os::unix::fs::{PermissionsExt, lchown};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Book, assert_ok, copy_dir, files, pulsebook, snapshot, stderr};

type Tree = Vec<(String, Vec<u8>)>;

/// Asserts a clean failure: status 1, each of `expected` in stderr, no panic.
fn assert_fails(out: &Output, expected: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "expected status 1:\n{err}");
    assert!(!err.contains("panicked"), "a panic:\n{err}");
    for text in expected {
        assert!(err.contains(text), "missing `{text}` in\n{err}");
    }
}

/// What the writer leaves beside the output folder `out` (lock, staging, commit).
fn beside(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let mut found: Vec<String> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{name}.pulsebook-")))
        .collect();
    found.sort();
    found
}

/// `pulsebook build BOOK --out OUT EXTRA…`.
fn build_into(book: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut command = pulsebook();
    command
        .arg("build")
        .arg(book)
        .arg("--out")
        .arg(out)
        .args(extra);
    command
}

/// A change that touches every page and PDF of the tiny book.
fn retitle(book: &Book) {
    book.edit(
        "pulsebook.yaml",
        "title: Tiny Handbook",
        "title: Tiny Handbook 2",
    );
}

/// The output of a clean build of `book` into a fresh folder.
fn clean_build(book: &Path, scratch: &Path, extra: &[&str]) -> Tree {
    let out = scratch.join("clean");
    assert_ok(&build_into(book, &out, extra).output().unwrap());
    let tree = snapshot(&out);
    fs::remove_dir_all(&out).unwrap();
    tree
}

#[test]
fn two_builds_into_one_folder_both_succeed_and_equal_a_clean_build() {
    let tmp = tempfile::tempdir().unwrap();
    let acme = tmp.path().join("acme");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
    copy_dir(&examples, &acme, &["public", "__pycache__"]);
    let out = tmp.path().join("shared");
    let first = build_into(&acme, &out, &[])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let second = build_into(&acme, &out, &[])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (first, second) = (
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    );
    assert_ok(&first);
    assert_ok(&second);
    let written = snapshot(&out);
    assert_eq!(written, clean_build(&acme, tmp.path(), &[]));
    assert!(beside(&out).is_empty(), "{:?}", beside(&out));
}

#[test]
fn a_build_waits_while_another_holds_the_lock() {
    let book = Book::tiny();
    let out = book.path("public");
    assert_ok(&book.build(&[]));
    let old = snapshot(&out);
    retitle(&book);

    // Hold the lock as another pulsebook build would.
    let lock = File::create(book.root.join(".public.pulsebook-lock")).unwrap();
    lock.lock().unwrap();
    let mut child = pulsebook()
        .arg("build")
        .arg(&book.root)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert!(
        line.starts_with("waiting for another pulsebook build writing `")
            && line.contains("public`"),
        "{line}"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        snapshot(&out),
        old,
        "nothing is written while the lock is held"
    );
    drop(lock);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    assert!(child.wait().unwrap().success(), "{rest}");
    assert!(rest.contains("built "), "{rest}");
    assert_eq!(snapshot(&out), clean_build(&book.root, book.tmp(), &[]));
    assert!(beside(&out).is_empty(), "{:?}", beside(&out));
}

/// A small generator of delays (xorshift64), seeded from the clock unless replayed.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::env::var("PULSEBOOK_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap();
                now.as_nanos() as u64 | 1
            });
        eprintln!("kill test: PULSEBOOK_KILL_SEED={seed}");
        Random(seed)
    }

    /// A duration in `from..to`.
    fn between(&mut self, from: Duration, to: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        let span = to.saturating_sub(from).as_micros().max(1) as u64;
        from + Duration::from_micros(self.0 % span)
    }
}

/// A field of `--timings json`, in milliseconds.
fn timing(json: &str, stage: &str) -> Duration {
    let key = format!("\"{stage}\": ");
    let at = json
        .find(&key)
        .unwrap_or_else(|| panic!("no {stage} in {json}"))
        + key.len();
    let ms: f64 = json[at..]
        .split([',', '}'])
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    Duration::from_secs_f64(ms / 1e3)
}

/// Builds of a 300-person book over the output of another (new people: most files
/// change, the old people's pages go, their period pages stay as an archive) are
/// killed at random moments: a third anywhere, a third while writing, a third while
/// moving the committed files in. Right after a kill the output is exactly the old
/// site, unless the kill came after the commit; then the start of the next build
/// (here: of a folder that is not a book, which then fails) finishes the write, and
/// the output is exactly the new site. Never a mix once that build has started.
#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_site() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let synth = |name: &str, seed: &str| {
        let out = pulsebook()
            .args(["synth", "--people", "300", "--months", "12", "--seed", seed])
            .arg(dir.join(name))
            .output()
            .unwrap();
        assert_ok(&out);
    };
    synth("a", "1");
    synth("b", "2");
    let html = ["--format", "html"];
    let old_out = dir.join("old");
    assert_ok(
        &build_into(&dir.join("a"), &old_out, &html)
            .output()
            .unwrap(),
    );
    let old = snapshot(&old_out);

    // The uninterrupted build, timed: its output is the new site.
    let reference = dir.join("reference");
    copy_dir(&old_out, &reference, &[]);
    let start = Instant::now();
    let out = build_into(
        &dir.join("b"),
        &reference,
        &["--format", "html", "--timings", "json"],
    )
    .output()
    .unwrap();
    let wall = start.elapsed();
    assert_ok(&out);
    let write = timing(&String::from_utf8_lossy(&out.stdout), "write");
    let new = snapshot(&reference);
    assert_ne!(old, new);

    let not_a_book = dir.join("not-a-book");
    fs::create_dir(&not_a_book).unwrap();
    let kills: usize = std::env::var("PULSEBOOK_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(6);
    let mut random = Random::new();
    let mut outcomes = Vec::new();
    let out = dir.join("out");
    for i in 0..kills {
        let _ = fs::remove_dir_all(&out);
        copy_dir(&old_out, &out, &[]);
        let mut child = build_into(&dir.join("b"), &out, &html)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        match i % 3 {
            0 => std::thread::sleep(random.between(Duration::ZERO, wall)),
            1 => std::thread::sleep(random.between(wall.saturating_sub(write + write / 4), wall)),
            // While the files are moved in: the commit folder appeared, then 0–30 ms.
            _ => {
                let commit = dir.join(".out.pulsebook-commit");
                while !commit.exists() && child.try_wait().unwrap().is_none() {
                    std::thread::sleep(Duration::from_micros(200));
                }
                std::thread::sleep(random.between(Duration::ZERO, Duration::from_millis(30)));
            }
        }
        let delay = started.elapsed();
        let _ = child.kill(); // SIGKILL
        let finished = child.wait().unwrap().success();
        let committed = beside(&out).contains(&".out.pulsebook-commit".to_string());
        let outcome = if finished {
            assert_eq!(snapshot(&out), new, "finished before the kill at {delay:?}");
            "finished"
        } else if committed {
            let now = snapshot(&out);
            match (now == old, now == new) {
                (true, _) => "killed after the commit (nothing moved yet)",
                (_, true) => "killed after the commit (all moved)",
                _ => "killed after the commit (half moved: finished by the next build)",
            }
        } else {
            assert_eq!(snapshot(&out), old, "killed before the commit at {delay:?}");
            "killed before the commit"
        };
        outcomes.push(format!("{delay:.2?}: {outcome}"));

        let next = build_into(&not_a_book, &out, &[]).output().unwrap();
        assert_fails(&next, &["this is not a pulsebook book"]);
        if committed {
            assert_fails(&next, &["note: finished writing `"]);
        }
        let expected = if finished || committed { &new } else { &old };
        assert!(&snapshot(&out) == expected, "{outcome} at {delay:?}: a mix");
        // A killed build may leave its lock file and its uncommitted staging folder,
        // both taken over by the next build; never a commit.
        let left = beside(&out);
        assert!(
            left.iter()
                .all(|n| n == ".out.pulsebook-lock" || n == ".out.pulsebook-staging"),
            "{left:?}"
        );
    }
    eprintln!(
        "kill test (write {write:.2?} of {wall:.2?}):\n  {}",
        outcomes.join("\n  ")
    );
    // The next real build recovers too: the new site, nothing left beside it.
    assert_ok(&build_into(&dir.join("b"), &out, &html).output().unwrap());
    assert_eq!(snapshot(&out), new);
    assert!(beside(&out).is_empty(), "{:?}", beside(&out));
}

/// Runs pulsebook as a user whom file modes stop: the test's own, or — when the tests
/// run as root, which modes do not stop — `nobody`, made the owner of the test's files.
/// Where root cannot become `nobody` either, modes stop no one: the cases that need
/// them are left out (and say so), the others still run.
struct User {
    nobody: bool,
    modes_apply: bool,
}

const NOBODY: u32 = 65534;

impl User {
    fn for_files_in(tmp: &Path) -> User {
        let probe = tmp.join("probe");
        fs::create_dir(&probe).unwrap();
        set_mode(&probe, 0o555);
        let privileged = fs::write(probe.join("x"), "").is_ok();
        set_mode(&probe, 0o755);
        fs::remove_dir_all(&probe).unwrap();
        if !privileged {
            return User {
                nobody: false,
                modes_apply: true,
            };
        }
        let can_switch = Command::new("true")
            .uid(NOBODY)
            .gid(NOBODY)
            .status()
            .is_ok_and(|s| s.success());
        if can_switch {
            chown_all(tmp, NOBODY);
        } else {
            eprintln!("running as root without setuid: file modes cannot be tested here");
        }
        User {
            nobody: can_switch,
            modes_apply: can_switch,
        }
    }

    fn build(&self, book: &Path, extra: &[&str]) -> Output {
        let mut command = pulsebook();
        command.arg("build").arg(book).args(extra);
        if self.nobody {
            command.uid(NOBODY).gid(NOBODY);
        }
        command.output().unwrap()
    }
}

fn chown_all(path: &Path, id: u32) {
    lchown(path, Some(id), Some(id)).unwrap();
    if path.is_dir() && !path.is_symlink() {
        for entry in fs::read_dir(path).unwrap() {
            chown_all(&entry.unwrap().path(), id);
        }
    }
}

fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// Folders made read-only, writable again when the test ends (so its files can go).
struct ReadOnly(Vec<PathBuf>);

impl ReadOnly {
    fn new(paths: &[PathBuf]) -> ReadOnly {
        for path in paths {
            set_mode(path, 0o555);
        }
        ReadOnly(paths.to_vec())
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o755));
        }
    }
}

#[test]
fn a_read_only_output_folder_is_a_clear_error_and_keeps_the_last_site() {
    let book = Book::tiny();
    let user = User::for_files_in(book.tmp());
    let out = book.path("public");
    assert_ok(&user.build(&book.root, &[]));
    let old = snapshot(&out);
    retitle(&book);

    // The folder holding the output cannot be written: no lock, nothing staged.
    if user.modes_apply {
        let _ro = ReadOnly::new(std::slice::from_ref(&book.root));
        let run = user.build(&book.root, &[]);
        assert_fails(&run, &[".public.pulsebook-lock`", "Permission denied"]);
        assert_eq!(snapshot(&out), old);
    }

    // One folder inside the output cannot be written: the write is staged and
    // committed, fails while moving in, and what was moved is put back.
    if user.modes_apply {
        let reps = out.join("reps");
        let person = fs::read_dir(&reps).unwrap().next().unwrap().unwrap().path();
        let _ro = ReadOnly::new(std::slice::from_ref(&person));
        let run = user.build(&book.root, &[]);
        let name = person
            .strip_prefix(&book.root)
            .unwrap()
            .display()
            .to_string();
        assert_fails(&run, &[&name, "Permission denied"]);
        assert_eq!(snapshot(&out), old);
        assert!(beside(&out).is_empty(), "{:?}", beside(&out));
    }

    // Writable again: the next build writes the new site.
    assert_ok(&user.build(&book.root, &[]));
    assert_eq!(snapshot(&out), clean_build(&book.root, book.tmp(), &[]));

    // An output folder whose parent is a file cannot even be made.
    let file = book.tmp().join("a-file");
    fs::write(&file, "").unwrap();
    let run = user.build(
        &book.root,
        &["--out", &file.join("public").to_string_lossy()],
    );
    assert_fails(
        &run,
        &["failed to create `", "a-file/public`", "Not a directory"],
    );
}

#[test]
fn a_full_disk_is_a_clear_error_and_keeps_the_last_site() {
    let book = Book::tiny();
    let out = book.path("public");
    assert_ok(&book.build(&[]));
    let old = snapshot(&out);
    retitle(&book);
    let biggest = files(&out)
        .iter()
        .map(|f| fs::metadata(out.join(f)).unwrap().len())
        .max()
        .unwrap();
    assert!(biggest > 16 * 1024, "some file must outgrow the limit");

    // Files larger than 16 blocks (8 or 16 KiB) cannot be written (EFBIG, as on a full disk; SIGXFSZ
    // ignored so the write fails instead of the process dying).
    let run = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 16; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_pulsebook"))
        .arg("build")
        .arg(&book.root)
        .output()
        .unwrap();
    assert_fails(
        &run,
        &[
            "failed to write `",
            ".public.pulsebook-staging/",
            "File too large",
        ],
    );
    assert_eq!(snapshot(&out), old);
    assert!(beside(&out).is_empty(), "{:?}", beside(&out));

    // A real full file system, where the tests may mount one (root).
    if let Some(disk) = Tmpfs::mount(&book.tmp().join("disk")) {
        let out = disk.0.join("public");
        let out_arg = out.to_string_lossy().into_owned();
        book.edit("pulsebook.yaml", "Tiny Handbook 2", "Tiny Handbook");
        assert_ok(&book.build(&["--out", &out_arg]));
        let old = snapshot(&out);
        retitle(&book);
        fill(&disk.0.join("filler"));
        let run = book.build(&["--out", &out_arg]);
        assert_fails(&run, &["No space left on device"]);
        assert_eq!(snapshot(&out), old);
        assert!(beside(&out).is_empty(), "{:?}", beside(&out));
        fs::remove_file(disk.0.join("filler")).unwrap();
        assert_ok(&book.build(&["--out", &out_arg]));
    } else {
        eprintln!("full disk: no tmpfs could be mounted; the file size limit stood in");
    }

    // With room again, the next build writes the new site.
    assert_ok(&book.build(&[]));
    assert_eq!(snapshot(&out), clean_build(&book.root, book.tmp(), &[]));
}

/// A 2 MiB tmpfs, unmounted when dropped; `None` where mounting is not allowed.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path) -> Option<Tmpfs> {
        fs::create_dir_all(at).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then(|| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Fills the file system of `path` with one file.
fn fill(path: &Path) {
    use std::io::Write;
    let mut file = File::create(path).unwrap();
    let block = vec![0u8; 4096];
    while file.write_all(&block).is_ok() {}
    let _ = file.sync_all();
}

#[test]
fn unreadable_and_vanished_inputs_are_clear_errors() {
    let book = Book::tiny();
    let user = User::for_files_in(book.tmp());
    let out = book.path("public");
    assert_ok(&user.build(&book.root, &[]));
    let old = snapshot(&out);

    // A metrics file nobody may read.
    let calls = book.path("metrics/calls.csv");
    if user.modes_apply {
        set_mode(&calls, 0o000);
        let run = user.build(&book.root, &[]);
        set_mode(&calls, 0o644);
        assert_fails(&run, &["metrics/calls.csv", "Permission denied"]);
        assert_eq!(snapshot(&out), old);
    }

    // A metrics file listed, then gone before it is read (a link to a deleted file).
    let saved = book.tmp().join("calls.csv");
    fs::rename(&calls, &saved).unwrap();
    std::os::unix::fs::symlink("calls-deleted.csv", &calls).unwrap();
    let run = user.build(&book.root, &[]);
    assert_fails(&run, &["metrics/calls.csv"]);
    assert_eq!(snapshot(&out), old);
    fs::remove_file(&calls).unwrap();

    // team.yaml that is a folder.
    fs::create_dir(book.path("team.yaml.d")).unwrap();
    fs::rename(book.path("team.yaml"), book.tmp().join("team.yaml")).unwrap();
    fs::rename(book.path("team.yaml.d"), book.path("team.yaml")).unwrap();
    let run = user.build(&book.root, &[]);
    assert_fails(&run, &["team.yaml"]);
    assert_eq!(snapshot(&out), old);
    fs::remove_dir(book.path("team.yaml")).unwrap();
    fs::rename(book.tmp().join("team.yaml"), book.path("team.yaml")).unwrap();
    fs::rename(&saved, &calls).unwrap();
    assert_ok(&user.build(&book.root, &[]));
    assert_eq!(snapshot(&out), old);
}

/// A metrics file deleted at a random moment while a 300-person book loads: the build
/// either read it before (success) or did not find it (exit 1 naming it, or a build
/// without it — never a panic), and a failed build leaves the output as it was.
#[test]
fn a_metrics_file_deleted_while_the_build_runs_is_never_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    assert_ok(
        &pulsebook()
            .args(["synth", "--people", "300", "--months", "12", "--seed", "3"])
            .arg(&book)
            .output()
            .unwrap(),
    );
    let out = tmp.path().join("out");
    let html = ["--format", "html", "--timings", "json"];
    let first = build_into(&book, &out, &html).output().unwrap();
    assert_ok(&first);
    let load = timing(&String::from_utf8_lossy(&first.stdout), "load");
    let with_it = snapshot(&out);
    let calls = book.join("metrics/calls.csv");
    let saved = tmp.path().join("calls.csv");
    fs::copy(&calls, &saved).unwrap();
    let mut random = Random::new();
    let mut outcomes = Vec::new();
    for i in 0..6 {
        let before = snapshot(&out);
        let child = build_into(&book, &out, &html[..2])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Half of the deletions in the first moments, while the files are listed.
        let until = match i % 2 {
            0 => Duration::from_millis(60),
            _ => load + Duration::from_millis(30),
        };
        let delay = random.between(Duration::ZERO, until);
        std::thread::sleep(delay);
        fs::remove_file(&calls).unwrap();
        let run = child.wait_with_output().unwrap();
        let err = stderr(&run);
        assert!(!err.contains("panicked"), "{err}");
        if run.status.success() {
            let read = snapshot(&out) == with_it;
            outcomes.push(format!(
                "{delay:.2?}: built {}",
                if read { "(read before)" } else { "without it" }
            ));
        } else {
            assert_fails(&run, &["metrics/calls.csv"]);
            assert_eq!(snapshot(&out), before, "a failed build changed the output");
            outcomes.push(format!("{delay:.2?}: failed, naming the file"));
        }
        fs::copy(&saved, &calls).unwrap();
    }
    eprintln!("deleted metrics file:\n  {}", outcomes.join("\n  "));
}
