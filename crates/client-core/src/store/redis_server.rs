//! A real `redis-server` for tests (features `redis` and `testing`): one per test, on a free
//! loopback port, stopped when dropped. Vendor crates use it for their multi-process tests.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `redis-server` child process started from `PATH`.
pub struct RedisServer {
    port: u16,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts a server on a free loopback port. Fails — naming the package to install — when
    /// `redis-server` is not on `PATH`, so a test needing Redis never passes silently.
    pub fn start() -> io::Result<Self> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let mut server = Self { port, child: None };
        server.restart()?;
        Ok(server)
    }

    /// A handle on a server another process started (a child test process); dropping it does
    /// not stop the server.
    pub fn attach(port: u16) -> Self {
        Self { port, child: None }
    }

    /// The server's port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `redis://127.0.0.1:<port>/0`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// Stops the server (its data is gone: no persistence).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port.
    pub fn restart(&mut self) -> io::Result<()> {
        self.stop();
        let child = Command::new("redis-server")
            .args([
                "--port",
                &self.port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!(
                        "cannot start `redis-server` ({e}): these tests need a real Redis. \
                         Install the Debian package `redis-server` (apt-get install -y \
                         redis-server), or run `cargo xtask test`, which installs it"
                    ),
                )
            })?;
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.command("PING").as_deref() != Some("+PONG") {
            if Instant::now() >= deadline {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "redis-server did not answer PING within 10 s",
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    }

    /// Sends one inline command and returns the reply: the status, error or integer line
    /// (`+OK`, `-ERR …`, `:3`), a bulk string's content, or `$nil`; `None` when the server does
    /// not answer.
    pub fn command(&self, command: &str) -> Option<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
        stream.write_all(format!("{command}\r\n").as_bytes()).ok()?;
        let line = read_line(&mut stream)?;
        let Some(len) = line.strip_prefix('$') else {
            return Some(line);
        };
        let Ok(len) = len.parse::<usize>() else {
            return Some("$nil".to_owned());
        };
        let mut body = vec![0u8; len + 2];
        stream.read_exact(&mut body).ok()?;
        body.truncate(len);
        Some(String::from_utf8_lossy(&body).into_owned())
    }

    /// A bulk reply (`GET key`), `None` for nil.
    pub fn get(&self, key: &str) -> Option<String> {
        Some(self.command(&format!("GET {key}"))?).filter(|v| v != "$nil")
    }

    /// An integer reply (`:<n>`) as a number; `None` for any other reply or none.
    pub fn integer(&self, command: &str) -> Option<i64> {
        self.command(command)?.strip_prefix(':')?.parse().ok()
    }

    /// How many commands the server has processed (`INFO stats`), counting this one.
    pub fn commands_processed(&self) -> Option<u64> {
        let info = self.command("INFO stats")?;
        info.lines()
            .find_map(|l| l.strip_prefix("total_commands_processed:"))
            .and_then(|n| n.trim().parse().ok())
    }
}

fn read_line(stream: &mut TcpStream) -> Option<String> {
    let mut reply = Vec::new();
    let mut byte = [0u8; 1];
    while !reply.ends_with(b"\r\n") {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        reply.push(byte[0]);
    }
    Some(String::from_utf8_lossy(&reply).trim_end().to_owned())
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}
