//! A raw HTTP/1.1 server on loopback that records every request and answers from a script:
//! what the client puts on the wire, byte for byte.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Seen {
    pub request_line: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Scripted responses: status, extra headers, body bytes, delay.
pub type Script = Arc<Mutex<VecDeque<(u16, Vec<(String, String)>, Vec<u8>, Duration)>>>;

/// A recording server: answers each request with the next scripted response.
pub async fn recorder() -> (String, Arc<Mutex<Vec<Seen>>>, Script) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let script: Script = Arc::default();
    let (s, sc) = (seen.clone(), script.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let (s, sc) = (s.clone(), sc.clone());
            tokio::spawn(async move {
                loop {
                    let mut buf = Vec::new();
                    let head_end = loop {
                        let mut chunk = [0u8; 4096];
                        let n = match stream.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => n,
                        };
                        buf.extend_from_slice(&chunk[..n]);
                        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i;
                        }
                    };
                    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                    let mut lines = head.split("\r\n");
                    let request_line = lines.next().unwrap_or_default().to_string();
                    let headers: Vec<(String, String)> = lines
                        .filter_map(|l| l.split_once(':'))
                        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                        .collect();
                    let len: usize = headers
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                        .and_then(|(_, v)| v.parse().ok())
                        .unwrap_or(0);
                    let mut body = buf[head_end + 4..].to_vec();
                    while body.len() < len {
                        let mut chunk = [0u8; 4096];
                        match stream.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => body.extend_from_slice(&chunk[..n]),
                        }
                    }
                    s.lock().unwrap().push(Seen {
                        request_line,
                        headers,
                        body,
                    });
                    let next = sc.lock().unwrap().pop_front();
                    let (status, extra, resp_body, delay) =
                        next.unwrap_or((500, vec![], b"{}".to_vec(), Duration::ZERO));
                    tokio::time::sleep(delay).await;
                    let mut out = format!(
                        "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nx-amzn-requestid: rid-{status}\r\n",
                        resp_body.len()
                    );
                    for (k, v) in extra {
                        out.push_str(&format!("{k}: {v}\r\n"));
                    }
                    out.push_str("\r\n");
                    let mut out = out.into_bytes();
                    out.extend_from_slice(&resp_body);
                    if stream.write_all(&out).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, seen, script)
}
