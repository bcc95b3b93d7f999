//! [`Handle`]: what a generated client holds, its [`Config`] and the attempt loop's
//! [`Engine`] (aws-client-core) built from it.

use crate::config::Config;
use crate::error::SdkError;
use crate::{HttpRequest, Operation, ServiceInfo};
use aws_client_core::client::{Engine, Parts};
use std::fmt;
use std::sync::Arc;

/// What a generated client holds: the configuration, the service's facts, and the state
/// shared by its clones. Cheap to clone: clones share the configuration, the connection pool,
/// the credentials cache, the signing key cache and the retry quota.
#[doc(hidden)]
#[derive(Clone)]
pub struct Handle {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    engine: Engine,
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Config's Debug never prints credentials; the cache is not printed at all.
        f.debug_struct("Client")
            .field("service", &self.inner.engine.service().signing_name)
            .field("config", &self.inner.config)
            .field("retry_quota", &self.inner.engine.retry_quota_available())
            .finish()
    }
}

impl Handle {
    /// A client of `service` with this configuration.
    pub fn new(config: Config, service: &'static ServiceInfo) -> Handle {
        let parts = Parts {
            http_client: config.shared_http_client(),
            credentials_provider: config.credentials_provider().cloned(),
            token_provider: config.token_provider().cloned(),
            // `AWS_ENDPOINT_URL_<SERVICE>` is read when a client is created.
            endpoint_url: config.endpoint_url_for(service.env_name),
            endpoint: config.endpoint_settings(),
            max_attempts: config.max_attempts(),
            initial_backoff: config.initial_backoff(),
            attempt_timeout: config.attempt_timeout(),
            operation_timeout: config.operation_timeout(),
            checksums: config.checksums(),
        };
        Handle {
            inner: Arc::new(Inner {
                engine: Engine::new(parts, service),
                config,
            }),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Runs one operation (see [`Engine::invoke`]).
    #[doc(hidden)]
    pub fn invoke<'a, O, E>(
        &'a self,
        op: &'a Operation<O, E>,
        request: HttpRequest,
    ) -> impl std::future::Future<Output = Result<O, SdkError<E>>> + Send + 'a
    where
        O: 'a,
        E: 'a,
    {
        self.inner.engine.invoke(op, request)
    }

    /// Presigns one operation's request (see [`Engine::presign`]).
    #[doc(hidden)]
    pub async fn presign(
        &self,
        operation: &'static str,
        auth: crate::Auth,
        request: HttpRequest,
        config: &crate::presigning::PresigningConfig,
        omit_content_type: bool,
    ) -> Result<crate::presigning::PresignedRequest, crate::error::BoxError> {
        self.inner
            .engine
            .presign(operation, auth, request, config, omit_content_type)
            .await
    }
}
