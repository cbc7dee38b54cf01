//! A small HTTP/1.1 server on 127.0.0.1 for the runtime's tests, and a client for it.

#![allow(dead_code)] // each test binary uses its own part of this module

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use ordergen_runtime::{ApiClient, ClientBuilder, HttpClient, RetryPolicy};

/// The body type the test handlers answer with.
pub type Body = BoxBody<Bytes, std::io::Error>;

/// A client for `base` without retries.
#[derive(Debug)]
pub struct Api(pub HttpClient);

impl ApiClient for Api {
    fn from_http(http: HttpClient) -> Self {
        Api(http)
    }
}

pub fn client(base: &str) -> HttpClient {
    builder(base).build().unwrap().0
}

pub fn builder(base: &str) -> ClientBuilder<Api> {
    ClientBuilder::<Api>::new(base).retry_policy(RetryPolicy::none())
}

/// Serves `handler` on a free port of 127.0.0.1 (one task per connection) and returns the
/// base URL.
pub async fn serve<F, Fut>(handler: F) -> String
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response<Body>> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let handler = handler.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    let handler = handler.clone();
                    async move { Ok::<_, Infallible>(handler(request).await) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    format!("http://{address}")
}

/// A response of `status` with `body` and the given headers.
pub fn answer(status: u16, headers: &[(&str, &str)], body: impl Into<Bytes>) -> Response<Body> {
    let mut response = Response::builder().status(status);
    for (name, value) in headers {
        response = response.header(*name, *value);
    }
    response
        .body(
            Full::new(body.into())
                .map_err(|never| match never {})
                .boxed(),
        )
        .unwrap()
}

/// A response of `status` whose body is `chunks`, sent as they come (chunked).
pub fn answer_stream<S>(status: u16, headers: &[(&str, &str)], chunks: S) -> Response<Body>
where
    S: Stream<Item = Result<Bytes, std::io::Error>> + Send + Sync + 'static,
{
    let mut response = Response::builder().status(status);
    for (name, value) in headers {
        response = response.header(*name, *value);
    }
    let body = StreamBody::new(chunks.map(|chunk| chunk.map(Frame::data)));
    response.body(BodyExt::boxed(body)).unwrap()
}

/// The whole body of a request.
pub async fn body_of(request: Request<Incoming>) -> (hyper::http::request::Parts, Bytes) {
    let (parts, body) = request.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (parts, bytes)
}
