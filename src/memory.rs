//! The allocator of a run: jemalloc, and its free pages handed back to the
//! system every few batches ([`release_free_pages`]).
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
