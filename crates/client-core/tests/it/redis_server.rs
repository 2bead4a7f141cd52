//! A real `redis-server` per test, on a free loopback port, stopped when dropped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `redis-server` child process started from `PATH`.
pub struct RedisServer {
    port: u16,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts a server on a free loopback port. Panics — naming the package to install — when
    /// `redis-server` is not on `PATH`: a test needing Redis never passes silently.
    pub fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut server = Self { port, child: None };
        server.restart();
        server
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
    pub fn restart(&mut self) {
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
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start `redis-server` ({e}): these tests need a real Redis. Install the \
                     Debian package `redis-server` (apt-get install -y redis-server), or run \
                     `cargo xtask test`, which installs it"
                )
            });
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.command("PING").as_deref() != Some("+PONG") {
            assert!(
                Instant::now() < deadline,
                "redis-server did not answer PING"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
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

    /// An integer reply (`:<n>`) as a number.
    pub fn integer(&self, command: &str) -> i64 {
        let reply = self.command(command).unwrap();
        reply
            .strip_prefix(':')
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{command}: {reply}"))
    }

    /// How many commands the server has processed (`INFO stats`).
    pub fn commands_processed(&self) -> u64 {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.write_all(b"INFO stats\r\n").unwrap();
        let mut text = String::new();
        let mut buf = [0u8; 4096];
        while !text.contains("total_commands_processed:") || !text.ends_with("\r\n") {
            let n = stream.read(&mut buf).unwrap();
            text.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        text.lines()
            .find_map(|l| l.strip_prefix("total_commands_processed:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap()
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
