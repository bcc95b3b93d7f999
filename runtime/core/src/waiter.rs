//! Waiters: poll an operation until an acceptor of its `smithy.waiters#waitable` trait says the
//! resource reached a success or failure state, or the caller's time runs out. Generated code
//! supplies how to poll and the compiled acceptors; this module owns the Smithy retry strategy
//! (exponential delays with jitter between `minDelay` and `maxDelay`, the last wait capped so
//! the final poll still fits before the deadline) and the progress callback.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::error::SdkError;

/// The state an acceptor moves the waiter to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// Done: the resource is in the wanted state.
    Success,
    /// Done: the resource can no longer reach the wanted state.
    Failure,
    /// Poll again.
    Retry,
}

/// A waiter's delays, from the model (`minDelay`, `maxDelay`, in seconds there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delays {
    /// The shortest wait between polls, and the room kept for the last poll.
    pub min: Duration,
    /// The longest wait between polls.
    pub max: Duration,
}

impl Delays {
    /// The wait before retry `attempt` (1 for the wait after the first poll), per the Smithy
    /// waiter retry strategy: `min x 2^(attempt-1)` up to `max`, then a uniformly random point
    /// between `min` and that, with `rand01` in `[0, 1]`; and when the time left after it would
    /// not hold one more `min`, it is cut to `remaining - min`, so the last poll still fits.
    pub fn delay(&self, attempt: u32, remaining: Duration, rand01: f64) -> Duration {
        let min = self.min.as_secs_f64();
        let max = self.max.as_secs_f64().max(min);
        let ceiling = if min <= 0.0 {
            max
        } else {
            let exponent = attempt.saturating_sub(1).min(62);
            (min * 2f64.powi(exponent as i32)).min(max)
        };
        let delay = Duration::from_secs_f64(min + (ceiling - min) * rand01.clamp(0.0, 1.0));
        if remaining.saturating_sub(delay) <= self.min {
            remaining.saturating_sub(self.min)
        } else {
            delay
        }
    }
}

/// One poll, as the progress callback sees it.
#[derive(Debug)]
pub struct Poll<'a, O, E> {
    /// 1 for the first poll.
    pub attempt: u32,
    /// Since the waiter started.
    pub elapsed: Duration,
    /// The operation's answer.
    pub result: &'a Result<O, SdkError<E>>,
    /// What the acceptors made of it.
    pub state: AcceptorState,
    /// The wait before the next poll, when there is one.
    pub next_delay: Option<Duration>,
}

/// The last answer a waiter received.
#[derive(Debug)]
pub struct FinalPoll<O, E> {
    result: Result<O, SdkError<E>>,
}

impl<O, E> FinalPoll<O, E> {
    /// The answer: an output, or the error that an acceptor matched.
    pub fn as_result(&self) -> Result<&O, &SdkError<E>> {
        self.result.as_ref()
    }

    /// The answer, by value.
    pub fn into_result(self) -> Result<O, SdkError<E>> {
        self.result
    }
}

/// Why a waiter did not reach its success state.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<O, E> {
    /// The input could not be built (a required member left unset).
    ConstructionFailure(SdkError<E>),
    /// `max_wait` ran out before an acceptor matched success or failure.
    ExceededMaxWait {
        /// The caller's limit.
        max_wait: Duration,
        /// Time spent, at the last poll.
        elapsed: Duration,
        /// Polls made.
        polls: u32,
    },
    /// An acceptor matched the failure state (or an error no acceptor expected).
    FailureState(FinalPoll<O, E>),
    /// The waiter was configured with delays that cannot work (`min > max`, or zero `max_wait`).
    InvalidConfiguration(String),
}

impl<O, E> WaiterError<O, E> {
    /// The last answer, for a failure state.
    pub fn final_poll(&self) -> Option<&FinalPoll<O, E>> {
        match self {
            WaiterError::FailureState(poll) => Some(poll),
            _ => None,
        }
    }
}

impl<O: fmt::Debug, E: fmt::Debug + fmt::Display> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::ConstructionFailure(e) => write!(f, "the waiter's input is invalid: {e}"),
            WaiterError::ExceededMaxWait {
                max_wait, polls, ..
            } => write!(
                f,
                "gave up waiting after {polls} polls: the maximum wait of {max_wait:?} ran out"
            ),
            WaiterError::FailureState(poll) => match poll.as_result() {
                Ok(_) => write!(f, "the resource reached a failure state"),
                Err(e) => write!(f, "the waiter stopped on an error: {e}"),
            },
            WaiterError::InvalidConfiguration(why) => write!(f, "invalid waiter: {why}"),
        }
    }
}

impl<O, E> std::error::Error for WaiterError<O, E>
where
    O: fmt::Debug,
    E: fmt::Debug + fmt::Display,
{
}

/// A progress callback: called after every poll, before the waiter sleeps or returns.
pub type OnPoll<O, E> = Box<dyn FnMut(&Poll<'_, O, E>) + Send>;

/// Polls with `poll` until `accept` says success or failure, sleeping per `delays`, for at most
/// `max_wait`. `accept` returning `None` (no acceptor matched) means retry for an output and
/// failure for an error, as Smithy specifies. Generated waiters call this.
#[doc(hidden)]
pub async fn wait<O, E, Fut>(
    mut poll: impl FnMut() -> Fut,
    accept: impl Fn(&Result<O, SdkError<E>>) -> Option<AcceptorState>,
    delays: Delays,
    max_wait: Duration,
    mut on_poll: Option<OnPoll<O, E>>,
) -> Result<FinalPoll<O, E>, WaiterError<O, E>>
where
    Fut: Future<Output = Result<O, SdkError<E>>>,
{
    if delays.min > delays.max {
        return Err(WaiterError::InvalidConfiguration(format!(
            "minimum delay {:?} is above the maximum {:?}",
            delays.min, delays.max
        )));
    }
    if max_wait.is_zero() {
        return Err(WaiterError::InvalidConfiguration(
            "the maximum wait is zero".to_owned(),
        ));
    }
    let start = Instant::now();
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        let result = poll().await;
        if let Err(e @ SdkError::ConstructionFailure(_)) = result {
            return Err(WaiterError::ConstructionFailure(e));
        }
        let state = accept(&result).unwrap_or(match result {
            Ok(_) => AcceptorState::Retry,
            Err(_) => AcceptorState::Failure,
        });
        let elapsed = start.elapsed();
        let remaining = max_wait.saturating_sub(elapsed);
        let next_delay = (state == AcceptorState::Retry && remaining > delays.min)
            .then(|| delays.delay(attempt, remaining, fastrand::f64()));
        if let Some(on_poll) = on_poll.as_mut() {
            on_poll(&Poll {
                attempt,
                elapsed,
                result: &result,
                state,
                next_delay,
            });
        }
        match (state, next_delay) {
            (AcceptorState::Success, _) => return Ok(FinalPoll { result }),
            (AcceptorState::Failure, _) => {
                return Err(WaiterError::FailureState(FinalPoll { result }));
            }
            (AcceptorState::Retry, None) => {
                return Err(WaiterError::ExceededMaxWait {
                    max_wait,
                    elapsed,
                    polls: attempt,
                });
            }
            (AcceptorState::Retry, Some(delay)) => tokio::time::sleep(delay).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: Delays = Delays {
        min: Duration::from_secs(2),
        max: Duration::from_secs(120),
    };
    const LONG: Duration = Duration::from_secs(3600);

    #[test]
    fn delays_grow_exponentially_to_the_maximum_with_jitter_between_min_and_ceiling() {
        let top: Vec<u64> = (1..=9).map(|a| D.delay(a, LONG, 1.0).as_secs()).collect();
        assert_eq!(top, [2, 4, 8, 16, 32, 64, 120, 120, 120]);
        for attempt in 1..=9 {
            assert_eq!(D.delay(attempt, LONG, 0.0), D.min);
        }
        assert_eq!(D.delay(3, LONG, 0.5), Duration::from_secs(5));
        assert_eq!(D.delay(u32::MAX, LONG, 1.0), D.max);
    }

    #[test]
    fn the_last_wait_leaves_room_for_one_more_poll_before_the_deadline() {
        // 10 s left: a 16 s delay would overshoot; wait 8 s, keeping min (2 s) for the last poll.
        assert_eq!(
            D.delay(5, Duration::from_secs(10), 1.0),
            Duration::from_secs(8)
        );
        // Exactly min + delay left: also cut, per the strategy's `<=`.
        assert_eq!(
            D.delay(1, Duration::from_secs(4), 1.0),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn bad_configurations_are_named() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let r: Result<FinalPoll<(), ()>, _> = rt.block_on(wait(
            || async { Ok(()) },
            |_| Some(AcceptorState::Success),
            Delays {
                min: Duration::from_secs(5),
                max: Duration::from_secs(1),
            },
            LONG,
            None,
        ));
        assert!(matches!(r, Err(WaiterError::InvalidConfiguration(_))));
    }
}
