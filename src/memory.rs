//! Giving freed memory back to the operating system: the allocator set up
//! once at start ([`set_up_allocator`]), and its free pages returned every
//! few batches ([`release_free_pages`]).
//!
//! A run frees each batch's rows once they are written, but glibc's
//! allocator keeps the pages of a heap whose free space is scattered between
//! live blocks (a document's row, a finding): the resident size then grows
//! with the corpus although the live data does not. `malloc_trim` hands every
//! wholly free page of every arena back; called every few batches and after
//! each spill partition, it costs a few milliseconds.

/// Blocks of this many bytes or more get pages of their own from the system.
const OWN_PAGES_FROM: std::ffi::c_int = 1 << 20;

/// Sets the allocator up for a long run (glibc only; elsewhere nothing): a
/// block of 1 MB or more (a batch's column, a spill partition) is mapped
/// on its own and handed back whole when freed. By default glibc raises that
/// threshold each time such a block is freed, up to 32 MB, so that later
/// large blocks land in the heap between smaller ones that outlive them:
/// the heap's free space, and the resident size, then grow with the corpus
/// (`BENCHMARKS.md`, issue 10).
pub fn set_up_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const M_MMAP_THRESHOLD: std::ffi::c_int = -3;
        extern "C" {
            fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
        }
        // SAFETY: mallopt only changes the allocator's parameters; it is
        // called once, at the start of the binary, before any thread exists.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, OWN_PAGES_FROM);
        }
    }
}

/// Returns the allocator's free pages to the system (glibc only; elsewhere nothing).
pub fn release_free_pages() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: malloc_trim takes no pointer and only releases memory the
        // allocator holds free; it is safe to call at any time from any thread.
        unsafe {
            malloc_trim(0);
        }
    }
}
