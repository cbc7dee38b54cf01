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

            /// The credential of the security scheme `scheme` (its name in the spec), replacing
            /// any set before. The module's per-scheme methods call this; it also serves a
            /// scheme the spec does not declare.
            pub fn credential(self, scheme: &'static str, credential: $crate::Credential) -> Self {
                Self(self.0.credential(scheme, credential))
            }

            /// Checks the settings and builds the client.
            pub fn build(self) -> Result<$client, $crate::ConfigError> {
                self.0.build()
            }
        }
    };
}

/// Implements [`Validate`](crate::Validate) for a generated type whose schema constrains
/// nothing the client can check: checking a value finds nothing. One line in the generated
/// module instead of an empty `impl` block.
#[macro_export]
macro_rules! no_constraints {
    ($name:ty) => {
        impl $crate::Validate for $name {
            fn check(&self, _validator: &mut $crate::Validator) {}
        }
    };
}

/// Implements [`Validate`](crate::Validate) for a generated open enum that is sent: a value
/// the spec does not list (kept in the enum's `Unknown` variant) is a violation. One line in
/// the generated module instead of an `impl` block.
#[macro_export]
macro_rules! known_values {
    ($name:ty) => {
        impl $crate::Validate for $name {
            fn check(&self, validator: &mut $crate::Validator) {
                validator.known(self);
            }
        }
    };
}

/// Implements `Serialize` and `Deserialize` for a generated struct, an object on the wire (see
/// [`crate::object`]). Each field is listed in declaration order with its wire name when that
/// is not the field's own name, any aliases it is also read from, how it may be absent, and
/// what an absent field reads as (`=> expr`); `..field` names the map unknown properties are
/// kept in (without it they are skipped when read).
///
/// How a field may be absent:
/// - nothing said: it is always written, and absent it is `missing field` (or `=> expr`);
/// - `opt`: absent reads as [`Absent::absent`](crate::object::Absent::absent) (`None`, or
///   `Nullable::Absent`), and an absent value is not written;
/// - `read_only`: read as `opt` is, never written (set by the server only).
///
/// Its own names (`__S`, `__D`, `__A`, `__ObjectVisitor`) start with two underscores, which no
/// generated type name does.
///
/// ```ignore
/// runtime::serde_object!(Order {
///     id read_only,
///     r#type: "type",
///     order_no: "orderNo" | "order_no",
///     note opt,
///     kind => Order::default_kind(),
/// } ..unknown_fields);
/// ```
#[macro_export]
macro_rules! serde_object {
    ($name:ident {
        $(
            $field:ident $(: $wire:literal)? $(| $alias:literal)* $($mode:ident)?
            $(=> $default:expr)?
        ),* $(,)?
    } $(.. $rest:ident)?) => {
        #[allow(deprecated)]
        impl $crate::__serde::Serialize for $name {
            fn serialize<__S: $crate::__serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::std::result::Result<__S::Ok, __S::Error> {
                #[allow(unused_mut)]
                let mut fields = match $crate::serde_object!(
                    @begin serializer $name
                    (0 $( + $crate::serde_object!(@count self.$field $($mode)?) )*)
                    $($rest)?
                ) {
                    ::std::result::Result::Ok(fields) => fields,
                    ::std::result::Result::Err(error) => return ::std::result::Result::Err(error),
                };
                $(
                    if let ::std::result::Result::Err(error) = $crate::serde_object!(
                        @write fields self.$field ($crate::serde_object!(@wire $field $($wire)?))
                        $($mode)?
                    ) {
                        return ::std::result::Result::Err(error);
                    }
                )*
                $(
                    if let ::std::result::Result::Err(error) = fields.rest(&self.$rest) {
                        return ::std::result::Result::Err(error);
                    }
                )?
                $crate::object::Fields::end(fields)
            }
        }

        #[allow(deprecated)]
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                struct __ObjectVisitor;

                impl<'de> $crate::__serde::de::Visitor<'de> for __ObjectVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("an object (", stringify!($name), ")"))
                    }

                    fn visit_map<__A: $crate::__serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> ::std::result::Result<$name, __A::Error> {
                        $( let mut $field = ::std::option::Option::None; )*
                        $( let mut $rest = ::std::collections::BTreeMap::new(); )?
                        // One early return for the whole loop, and none per field: each is
                        // code the compiler checks.
                        while let ::std::option::Option::Some(key) =
                            map.next_key::<$crate::object::Key<'de>>()?
                        {
                            match key.as_str() {
                                $(
                                    $crate::serde_object!(@wire $field $($wire)?) $(| $alias)* => {
                                        $crate::object::set(
                                            &mut $field,
                                            $crate::serde_object!(@wire $field $($wire)?),
                                            &mut map,
                                        )
                                    }
                                )*
                                _ => $crate::serde_object!(@unknown map key $($rest)?),
                            }?;
                        }
                        ::std::result::Result::Ok($name {
                            $(
                                $field: match $field {
                                    ::std::option::Option::Some(value) => value,
                                    ::std::option::Option::None => $crate::serde_object!(
                                        @absent ($crate::serde_object!(@wire $field $($wire)?))
                                        $($mode)? $(=> $default)?
                                    ),
                                },
                            )*
                            $( $rest, )?
                        })
                    }
                }

                deserializer.deserialize_map(__ObjectVisitor)
            }
        }
    };
    (@wire $field:ident) => { stringify!($field) };
    (@wire $field:ident $wire:literal) => { $wire };
    (@begin $serializer:ident $name:ident $len:tt) => {
        $crate::object::StructFields::begin($serializer, stringify!($name), $len)
    };
    (@begin $serializer:ident $name:ident $len:tt $rest:ident) => {
        $crate::object::MapFields::begin($serializer)
    };
    (@count $self:ident . $field:ident) => { 1 };
    (@count $self:ident . $field:ident opt) => {
        usize::from(!$crate::object::Absent::is_absent(&$self.$field))
    };
    (@count $self:ident . $field:ident read_only) => { 0 };
    (@write $fields:ident $self:ident . $field:ident $wire:tt) => {
        $crate::object::Fields::field(&mut $fields, $wire, &$self.$field)
    };
    (@write $fields:ident $self:ident . $field:ident $wire:tt opt) => {
        if $crate::object::Absent::is_absent(&$self.$field) {
            $crate::object::Fields::skip(&mut $fields, $wire)
        } else {
            $crate::object::Fields::field(&mut $fields, $wire, &$self.$field)
        }
    };
    (@write $fields:ident $self:ident . $field:ident $wire:tt read_only) => {
        ::std::result::Result::<(), __S::Error>::Ok(())
    };
    (@unknown $map:ident $key:ident) => {
        $crate::object::skip(&mut $map)
    };
    (@unknown $map:ident $key:ident $rest:ident) => {
        $crate::object::keep(&mut $rest, $key, &mut $map)
    };
    (@absent $wire:tt $($mode:ident)? => $default:expr) => { $default };
    (@absent $wire:tt opt) => { $crate::object::Absent::absent() };
    (@absent $wire:tt read_only) => { $crate::object::Absent::absent() };
    (@absent $wire:tt) => {
        return ::std::result::Result::Err(
            <__A::Error as $crate::__serde::de::Error>::missing_field($wire),
        )
    };
}

/// Implements what every open string enum of a generated module has: `as_str`, `Display`,
/// `FromStr` (never failing: an unlisted value is kept in `$unknown`), serde as the wire string,
/// and [`OpenEnum`](crate::OpenEnum). The enum itself, with its docs, is the module's.
#[macro_export]
macro_rules! open_string_enum {
    ($name:ident, $unknown:ident { $( $variant:ident = $value:literal ),* $(,)? }) => {
        impl $name {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::$unknown(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, ::std::convert::Infallible> {
                Ok(match value {
                    $( $value => Self::$variant, )*
                    other => Self::$unknown(other.to_owned()),
                })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                let Ok(parsed) = value.parse();
                Ok(parsed)
            }
        }

        impl $crate::OpenEnum for $name {
            fn is_known(&self) -> bool {
                !matches!(self, Self::$unknown(_))
            }
        }
    };
}

/// Implements what every open integer enum of a generated module has: `value`, conversions
/// from and into `i64` (an unlisted value is kept in `$unknown`), `Display`, `FromStr`, serde as
/// the wire integer, and [`OpenEnum`](crate::OpenEnum). The enum itself is the module's.
#[macro_export]
macro_rules! open_integer_enum {
    ($name:ident, $unknown:ident { $( $variant:ident = $value:literal ),* $(,)? }) => {
        impl $name {
            /// The value as it is written on the wire.
            pub fn value(self) -> i64 {
                match self {
                    $( Self::$variant => $value, )*
                    Self::$unknown(value) => value,
                }
            }
        }

        impl From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::$unknown(other),
                }
            }
        }

        impl From<$name> for i64 {
            fn from(value: $name) -> Self {
                value.value()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::num::ParseIntError;

            fn from_str(value: &str) -> Result<Self, ::std::num::ParseIntError> {
                value.parse::<i64>().map(Self::from)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl $crate::OpenEnum for $name {
            fn is_known(&self) -> bool {
                !matches!(self, Self::$unknown(_))
            }
        }
    };
}
