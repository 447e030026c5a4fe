//! Giving freed memory back to the operating system between batches.
//!
//! A run frees each batch's rows once they are written, but glibc's
//! allocator keeps the pages of a heap whose free space is scattered between
//! live blocks (a document's row, a finding): the resident size then grows
//! with the corpus although the live data does not. `malloc_trim` hands every
//! wholly free page of every arena back; called once per batch, it costs a
//! few milliseconds.

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
