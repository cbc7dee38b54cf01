//! Macros generated modules call, for items that are the same in every API but must be
//! declared in the API's own module.

/// Declares `ClientBuilder`, the builder of the generated client type `$client`, in the calling
/// module.
///
/// It wraps the runtime's generic [`ClientBuilder`](crate::ClientBuilder) and offers the same
/// settings. It is a type of the API's own module (rather than the generic builder itself) so
/// that the module can add a method for each of its security schemes.
#[macro_export]
macro_rules! client_builder {
    ($client:ident) => {
        /// Builds a [`Client`]: base URL, timeout, retries, user agent, extra and secret
        /// headers, credentials, and optionally a `reqwest::Client` of your own (its connection
        /// pool, proxy and TLS settings are used; the timeout and user agent set here still
        /// apply to each request).
        #[derive(Debug)]
        pub struct ClientBuilder($crate::ClientBuilder<$client>);

        impl ClientBuilder {
            /// Starts from `base_url`.
            pub fn new(base_url: impl Into<String>) -> Self {
                Self($crate::ClientBuilder::new(base_url))
            }

            /// The timeout of each attempt (default 30 s).
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                Self(self.0.timeout(timeout))
            }

            /// How failed requests are retried (default [`RetryPolicy::default`]).
            ///
            /// [`RetryPolicy::default`]: $crate::RetryPolicy::default
            pub fn retry_policy(self, retry: $crate::RetryPolicy) -> Self {
                Self(self.0.retry_policy(retry))
            }

            /// The `User-Agent` sent with each request.
            pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
                Self(self.0.user_agent(user_agent))
            }

            /// The largest response body the client reads (default 32 MiB); a larger one is an
            /// `Error::ResponseTooLarge` that keeps the status and headers.
            pub fn max_response_bytes(self, limit: usize) -> Self {
                Self(self.0.max_response_bytes(limit))
            }

            /// The body format of every call (default JSON); the client's `with_format`, where
            /// the API offers another format, changes it for some calls only.
            pub fn format(self, format: $crate::Format) -> Self {
                Self(self.0.format(format))
            }

            /// Sends requests through `client` instead of a new one. Build it with
            /// `redirect(reqwest::redirect::Policy::none())`, as the default client is (see
            /// the runtime's `ClientBuilder::reqwest_client`).
            pub fn reqwest_client(self, client: $crate::reqwest::Client) -> Self {
                Self(self.0.reqwest_client(client))
            }

            /// A header sent with every request.
            pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
                Self(self.0.header(name, value))
            }

            /// A header sent with every request whose value is a secret: it is marked
            /// sensitive and never appears in `Debug` output, errors or logs.
            pub fn secret_header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
                Self(self.0.secret_header(name, value))
            }

            /// Checks the settings and builds the client.
            pub fn build(self) -> Result<$client, $crate::ConfigError> {
                self.0.build()
            }
        }
    };
}
