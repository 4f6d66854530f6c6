//! A throw-away PostgreSQL cluster for the tests of SQL sources: `initdb` into a temporary
//! folder, a server on a free port of 127.0.0.1, stopped and removed on drop.
//!
//! It uses Debian's `postgresql` package (`.ci/run` installs it): the newest
//! `/usr/lib/postgresql/*/bin`, else `initdb` on `PATH`. Without it [`PgServer::start`]
//! returns `None` so a developer without PostgreSQL can still run the other tests, unless
//! `PULSEBOOK_REQUIRE_PG` is set (CI sets it), when a missing server is a failure: CI can
//! never skip these tests silently.
//!
//! `initdb` and `postgres` refuse to run as root, and CI runs as root: then the server
//! runs as the `postgres` user that Debian's package creates (`runuser`), in a folder
//! handed to that user.
//!
//! The unit tests of `src/load/sources/postgres` include this file too (`#[path]`): each
//! of the two uses part of it.
#![allow(dead_code)]

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The user that runs the server when the tests run as root.
const SERVER_USER: &str = "postgres";

/// The superuser and the database of the cluster.
const USER: &str = "pulsebook";

/// A running throw-away cluster; dropping it stops the server and removes its files.
pub(crate) struct PgServer {
    /// A `postgres://` URL for TCP on 127.0.0.1, user `pulsebook`, database `postgres`,
    /// no password (trust authentication).
    pub(crate) url: String,
    /// The server's port on 127.0.0.1.
    pub(crate) port: u16,
    /// The folder of the Unix socket (`.s.PGSQL.<port>`), the data and the log.
    pub(crate) dir: PathBuf,
    /// The folder of `initdb`, `pg_ctl` and `postgres`.
    bin: PathBuf,
    /// `Some("postgres")` when the tests run as root.
    run_as: Option<&'static str>,
    /// Removes the folder on drop, after the server has stopped.
    _tmp: tempfile::TempDir,
}

impl PgServer {
    /// Starts a cluster, or `None` when PostgreSQL is not installed and
    /// `PULSEBOOK_REQUIRE_PG` is unset. Panics when a server is installed but does not
    /// start (that is a broken setup, not a reason to skip).
    pub(crate) fn start() -> Option<PgServer> {
        let Some(bin) = binaries() else {
            if std::env::var_os("PULSEBOOK_REQUIRE_PG").is_some() {
                panic!(
                    "PULSEBOOK_REQUIRE_PG is set but PostgreSQL is not installed (no initdb, \
                     pg_ctl and postgres under /usr/lib/postgresql/*/bin or on PATH): \
                     install Debian's `postgresql` package (.ci/run does)"
                );
            }
            eprintln!("PostgreSQL is not installed: skipping a test that needs it");
            return None;
        };
        Some(PgServer::init(bin))
    }

    /// Runs `sql` (one or more statements) as the superuser; panics on an error.
    pub(crate) fn execute(&self, sql: &str) {
        let result = postgres::Client::connect(&self.url, postgres::NoTls)
            .and_then(|mut client| client.batch_execute(sql));
        if let Err(err) = result {
            let detail = err
                .as_db_error()
                .map_or(err.to_string(), |db| db.to_string());
            panic!("test SQL failed: {detail}\n{sql}");
        }
    }

    /// Turns TLS on, with a new self-signed certificate (made by `openssl`, which Debian's
    /// postgresql package brings along), for connections made from now on.
    pub(crate) fn enable_tls(&self) {
        let out = self
            .command_of(Path::new("openssl"))
            .args([
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
            ])
            .args(["-nodes", "-days", "2", "-subj", "/CN=localhost"])
            .args(["-keyout", "server.key", "-out", "server.crt"])
            .output();
        check(out, "openssl req");
        let (cert, key) = (self.dir.join("server.crt"), self.dir.join("server.key"));
        // ALTER SYSTEM refuses to run in a transaction: one statement at a time.
        self.execute(&format!(
            "alter system set ssl_cert_file = '{}'",
            cert.display()
        ));
        self.execute(&format!(
            "alter system set ssl_key_file = '{}'",
            key.display()
        ));
        self.execute("alter system set ssl = on");
        self.execute("select pg_reload_conf()");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let mut client =
                postgres::Client::connect(&self.url, postgres::NoTls).expect("connect");
            if client
                .query_one("show ssl", &[])
                .expect("show ssl")
                .get::<_, String>(0)
                == "on"
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("PostgreSQL did not turn TLS on; its log:\n{}", self.log());
    }

    /// The server's log so far.
    pub(crate) fn log(&self) -> String {
        fs::read_to_string(self.dir.join("log")).unwrap_or_default()
    }

    /// Creates the cluster and starts its server, retrying on another port if the
    /// chosen one was taken meanwhile.
    fn init(bin: PathBuf) -> PgServer {
        let started = Instant::now();
        let (tmp, run_as) = server_dir();
        let dir = tmp.path().to_path_buf();
        let mut server = PgServer {
            url: String::new(),
            port: 0,
            dir,
            bin,
            run_as,
            _tmp: tmp,
        };
        server.initdb();
        for attempt in 1..=3 {
            server.port = free_port();
            if server.pg_ctl_start() {
                break;
            }
            let log = server.log();
            if attempt == 3 || !log.contains("could not bind") {
                panic!("PostgreSQL did not start (pg_ctl start failed); its log:\n{log}");
            }
        }
        server.url = format!("postgres://{USER}@127.0.0.1:{}/postgres", server.port);
        server.wait_until_ready();
        eprintln!(
            "PostgreSQL started in {:.2?} on port {}",
            started.elapsed(),
            server.port
        );
        server
    }

    /// A command of the server's binaries, run as the server user when we are root.
    fn command(&self, program: &str) -> Command {
        self.command_of(&self.bin.join(program))
    }

    /// `program` run in the server's folder, as the server user when we are root.
    fn command_of(&self, program: &Path) -> Command {
        let mut command = match self.run_as {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(program);
                command
            }
            None => Command::new(program),
        };
        command.current_dir(&self.dir);
        command
    }

    /// `initdb` with trust authentication, UTF-8 and the C locale, without fsync.
    fn initdb(&self) {
        let out = self
            .command("initdb")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args([
                "--auth=trust",
                "-U",
                USER,
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ])
            .output();
        check(out, "initdb");
    }

    /// Starts the server on `self.port` and waits until it accepts connections;
    /// false when it did not start.
    fn pg_ctl_start(&self) -> bool {
        // pg_ctl passes -o through a shell: quote the path.
        let options = format!(
            "-k '{}' -h 127.0.0.1 -p {} -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c TimeZone=UTC",
            self.dir.display(),
            self.port
        );
        let out = self
            .command("pg_ctl")
            .arg("start")
            .arg("-D")
            .arg(self.dir.join("data"))
            .arg("-l")
            .arg(self.dir.join("log"))
            .args(["-w", "-t", "60", "-o", &options])
            .output();
        matches!(out, Ok(out) if out.status.success())
    }

    /// Connects until the server answers (pg_ctl -w already waited; this makes sure the
    /// TCP listener is up too).
    fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match postgres::Client::connect(&self.url, postgres::NoTls) {
                Ok(_) => return,
                Err(err) if Instant::now() > deadline => {
                    panic!(
                        "PostgreSQL on port {} does not accept connections: {err}",
                        self.port
                    )
                }
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        // Immediate: the data is thrown away anyway. The folder goes with `_tmp`.
        let _ = self
            .command("pg_ctl")
            .arg("stop")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "-w"])
            .output();
    }
}

/// The folder of the newest installed `initdb`, `pg_ctl` and `postgres`.
fn binaries() -> Option<PathBuf> {
    let complete = |dir: &Path| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|b| dir.join(b).is_file())
    };
    let mut versions: Vec<(Vec<u32>, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let version = name
                .split('.')
                .map(|n| n.parse().ok())
                .collect::<Option<Vec<u32>>>()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, bin)| complete(bin))
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Some(bin);
    }
    // Elsewhere: initdb on PATH, following a symlink to the folder that has the rest.
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("initdb"))
        .filter_map(|initdb| fs::canonicalize(initdb).ok())
        .filter_map(|initdb| initdb.parent().map(Path::to_path_buf))
        .find(|bin| complete(bin))
}

/// A new temporary folder for the cluster, handed to the server user when we are root
/// (returned too). Under /tmp then, which that user can reach whatever TMPDIR says.
fn server_dir() -> (tempfile::TempDir, Option<&'static str>) {
    let tmp = tempfile::Builder::new()
        .prefix("pulsebook-pg-")
        .tempdir()
        .expect("a temporary folder");
    let uid = fs::metadata(tmp.path())
        .expect("metadata of a temporary folder")
        .uid();
    if uid != 0 {
        return (tmp, None);
    }
    drop(tmp);
    let tmp = tempfile::Builder::new()
        .prefix("pulsebook-pg-")
        .tempdir_in("/tmp")
        .expect("a temporary folder in /tmp");
    let (uid, gid) = user_ids(SERVER_USER).unwrap_or_else(|| {
        panic!(
            "running as root, and PostgreSQL refuses root: the server runs as the user \
             `{SERVER_USER}` that Debian's postgresql package creates, but there is none"
        )
    });
    std::os::unix::fs::chown(tmp.path(), Some(uid), Some(gid)).expect("chown of the server folder");
    (tmp, Some(SERVER_USER))
}

/// The uid and gid of `user` from /etc/passwd.
fn user_ids(user: &str) -> Option<(u32, u32)> {
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        match fields.as_slice() {
            [name, _, uid, gid, ..] if *name == user => {
                Some((uid.parse().ok()?, gid.parse().ok()?))
            }
            _ => None,
        }
    })
}

/// A port of 127.0.0.1 that was free a moment ago.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address").port()
}

/// Panics with the output of a failed server command.
fn check(out: std::io::Result<Output>, what: &str) {
    match out {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!(
            "{what} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(err) => panic!("cannot run {what}: {err}"),
    }
}
