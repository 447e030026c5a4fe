//! The allocator of a run: jemalloc, its free pages handed back to the
//! system every few batches ([`release_free_pages`]), and an arena of their
//! own for the Parquet writers ([`in_writers_arena`]).
//!
//! A run allocates and frees large, short-lived buffers (a batch's columns,
//! a Parquet row group being encoded) among small blocks that live on (the
//! Parquet writer's page statistics, a spill's index). glibc's allocator
//! served this with about a fifth more CPU and wall time than jemalloc, and
//! the free space inside its heaps grew with the corpus (`BENCHMARKS.md`,
//! issue 10); jemalloc keeps blocks of one size class together.

/// The binary's global allocator (`main.rs`).
#[cfg(not(target_env = "msvc"))]
pub type Allocator = tikv_jemallocator::Jemalloc;
/// The binary's global allocator (`main.rs`): jemalloc does not build with MSVC.
#[cfg(target_env = "msvc")]
pub type Allocator = std::alloc::System;

/// Hands every arena's free pages back to the system at once instead of
/// over the next seconds: after a batch is written, its pages are free, and
/// a long run would otherwise keep the pages of the last few batches.
/// (Nothing where the system's allocator serves.)
pub fn release_free_pages() {
    #[cfg(not(target_env = "msvc"))]
    purge_all_arenas();
}

#[cfg(not(target_env = "msvc"))]
fn purge_all_arenas() {
    // MALLCTL_ARENAS_ALL: every arena.
    const PURGE_ALL: &std::ffi::CStr = c"arena.4096.purge";
    // SAFETY: "arena.<i>.purge" reads and writes nothing (all pointers null,
    // length 0); jemalloc synchronizes it with the arenas' other users.
    unsafe {
        tikv_jemalloc_sys::mallctl(
            PURGE_ALL.as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        );
    }
}

/// Runs `f` with the calling thread's allocations in an arena of their own,
/// kept for the Parquet writers: the blocks a writer keeps until its footer
/// (each column chunk's metadata and page statistics) and what encoding a
/// row group makes on this thread stay apart from the short-lived strings of
/// extraction, which the same threads make between row groups. Measured in
/// `BENCHMARKS.md` (issue 10, seventh session): peaks about 10 MB lower at
/// every size, time unchanged within noise. (Just `f` where the system's
/// allocator serves.)
pub fn in_writers_arena<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(not(target_env = "msvc"))]
    if let Some(old) = writers_arena().and_then(set_thread_arena) {
        let out = f();
        set_thread_arena(old);
        return out;
    }
    f()
}

/// The writers' arena, created on first use (`None` if jemalloc refused).
#[cfg(not(target_env = "msvc"))]
fn writers_arena() -> Option<u32> {
    static ARENA: std::sync::OnceLock<Option<u32>> = std::sync::OnceLock::new();
    *ARENA.get_or_init(|| unsigned_ctl(c"arenas.create", None))
}

/// Makes `arena` the calling thread's arena; the one it replaced, if jemalloc agreed.
#[cfg(not(target_env = "msvc"))]
fn set_thread_arena(arena: u32) -> Option<u32> {
    unsigned_ctl(c"thread.arena", Some(arena))
}

/// Reads the unsigned that jemalloc's control `name` gives, writing `new`
/// to it first when there is one; `None` if jemalloc refused.
#[cfg(not(target_env = "msvc"))]
fn unsigned_ctl(name: &std::ffi::CStr, mut new: Option<u32>) -> Option<u32> {
    let mut old: u32 = 0;
    let mut len = std::mem::size_of::<u32>();
    let (new_ptr, new_len) = match &mut new {
        Some(n) => ((n as *mut u32).cast(), std::mem::size_of::<u32>()),
        None => (std::ptr::null_mut(), 0),
    };
    // SAFETY: the controls called here ("arenas.create", "thread.arena")
    // write an unsigned of `len` bytes into `old` and read one of `new_len`
    // bytes from `new_ptr` when it is not null.
    let rc = unsafe {
        tikv_jemalloc_sys::mallctl(
            name.as_ptr(),
            (&mut old as *mut u32).cast(),
            &mut len,
            new_ptr,
            new_len,
        )
    };
    (rc == 0).then_some(old)
}

#[cfg(all(test, not(target_env = "msvc")))]
mod tests {
    use super::*;

    /// The calling thread's arena, as jemalloc reports it.
    fn thread_arena() -> u32 {
        unsigned_ctl(c"thread.arena", None).expect("jemalloc reports the thread's arena")
    }

    #[test]
    fn work_runs_in_the_writers_arena_and_the_thread_gets_its_own_back() {
        let before = thread_arena();
        let (inside, value) = in_writers_arena(|| (thread_arena(), 42));
        assert_eq!(value, 42);
        assert_eq!(Some(inside), writers_arena());
        assert_ne!(inside, before);
        assert_eq!(thread_arena(), before);
        // Nested, as when a waiting writer's thread takes up another table's write.
        let nested = in_writers_arena(|| in_writers_arena(thread_arena));
        assert_eq!(nested, inside);
        assert_eq!(thread_arena(), before);
    }
}
