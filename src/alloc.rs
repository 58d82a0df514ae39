//! The wasm heap: a small allocator in place of the standard library's dlmalloc (about 7 KB of
//! wasm for features a short-lived client does not need).
//!
//! Every block is a power of two, at least 8 bytes. A block of 2^k bytes is aligned to 2^k (up to a
//! wasm page, 64 KiB), so any alignment up to its size holds. A freed block goes on the free list of
//! its size and is the next one handed out for that size: a program that keeps allocating and
//! freeing the same sizes (a bulk run of 100,000 calls) reuses the same blocks and its memory stays
//! flat. Blocks are never split or merged, so at most half of a block is wasted, and memory is never
//! given back (wasm cannot shrink a memory anyway).
//!
//! Blocks under a page are cut from a page in turn; a page or more gets pages of its own from
//! `memory.grow`. The logic is generic over where pages come from, so it is tested natively.

use std::ptr::null_mut;

/// The smallest block, 2^3 = 8 bytes: room for the free list's link, and Rust's usual alignment.
const MIN_CLASS: u32 = 3;
/// Blocks of 2^16 bytes (a wasm page) and more get whole pages of their own.
const PAGE_CLASS: u32 = 16;
/// A wasm page.
pub const PAGE: usize = 1 << PAGE_CLASS;
const CLASSES: usize = usize::BITS as usize;

/// The class `k` (blocks of 2^k bytes) that holds `size` bytes aligned to `align` (a power of two),
/// or `None` when no block can: larger than half the address space, or aligned beyond a page.
pub fn class_of(size: usize, align: usize) -> Option<u32> {
    if align > PAGE {
        return None;
    }
    let need = size.max(align).max(1 << MIN_CLASS);
    let class = need.checked_next_power_of_two()?.trailing_zeros();
    (class < usize::BITS - 1).then_some(class)
}

/// Where the heap gets memory: `pages` new wasm pages, contiguous, returning the address of the
/// first byte (a multiple of [`PAGE`]), or `None` when memory cannot grow.
pub trait Pages {
    fn grow(&mut self, pages: usize) -> Option<usize>;
}

/// The allocator's state.
pub struct Heap<P> {
    /// The first free block of each class (0 for none); each free block holds the address of the next.
    free: [usize; CLASSES],
    /// The part of the current page not yet cut into blocks: `next..end`.
    next: usize,
    end: usize,
    pages: P,
}

/// `at` rounded up to a multiple of `size` (a power of two).
fn align_up(at: usize, size: usize) -> Option<usize> {
    Some(at.checked_add(size - 1)? & !(size - 1))
}

impl<P: Pages> Heap<P> {
    pub const fn new(pages: P) -> Self {
        Heap { free: [0; CLASSES], next: 0, end: 0, pages }
    }

    /// A block for `size` bytes aligned to `align`; null when there is no memory for it.
    ///
    /// # Safety
    /// The blocks handed out so far must not have been written outside their sizes, and every freed
    /// block must have come from this heap (free lists live inside the free blocks).
    pub unsafe fn alloc(&mut self, size: usize, align: usize) -> *mut u8 {
        let Some(class) = class_of(size, align) else { return null_mut() };
        let head = &mut self.free[class as usize];
        if *head != 0 {
            let block = *head;
            // SAFETY: a free block of this class, aligned to at least 8, holds the next one's address.
            *head = unsafe { *(block as *const usize) };
            return block as *mut u8;
        }
        let size = 1usize << class;
        if class >= PAGE_CLASS {
            return self.pages.grow(size / PAGE).map_or(null_mut(), |at| at as *mut u8);
        }
        self.cut(size).map_or(null_mut(), |at| at as *mut u8)
    }

    /// A new block of `size` (a power of two under a page), aligned to `size`, cut from the current
    /// page or from a new one.
    fn cut(&mut self, size: usize) -> Option<usize> {
        let mut at = align_up(self.next, size)?;
        if at.checked_add(size)? > self.end {
            let page = self.pages.grow(1)?;
            // A page that does not follow the current one starts a new stretch; what was left of the
            // old one (less than a page) stays unused.
            if page != self.end {
                self.next = page;
            }
            self.end = page.checked_add(PAGE)?;
            // `end` was a multiple of PAGE, which `size` divides, so the block now fits.
            at = align_up(self.next, size)?;
        }
        self.next = at + size;
        Some(at)
    }

    /// Puts a block back on its free list.
    ///
    /// # Safety
    /// `block` came from [`Heap::alloc`] (or [`Heap::realloc`]) of this heap with this `size` and
    /// `align`, and is not used after this.
    pub unsafe fn dealloc(&mut self, block: *mut u8, size: usize, align: usize) {
        let Some(class) = class_of(size, align) else { return };
        let head = &mut self.free[class as usize];
        // SAFETY: the block is at least 8 bytes, aligned to at least 8, and no longer in use.
        unsafe { *(block as *mut usize) = *head };
        *head = block as usize;
    }

    /// `block` resized to `new_size`: the same block when the size keeps its class, else a new one
    /// with the first `min(size, new_size)` bytes copied. Null (and `block` untouched) when there is
    /// no memory for it.
    ///
    /// # Safety
    /// As for [`Heap::dealloc`].
    pub unsafe fn realloc(&mut self, block: *mut u8, size: usize, align: usize, new_size: usize) -> *mut u8 {
        if class_of(new_size, align) == class_of(size, align) {
            return block;
        }
        // SAFETY: the caller's guarantees are passed on; the two blocks are distinct and each holds
        // at least `min(size, new_size)` bytes.
        unsafe {
            let moved = self.alloc(new_size, align);
            if !moved.is_null() {
                std::ptr::copy_nonoverlapping(block, moved, size.min(new_size));
                self.dealloc(block, size, align);
            }
            moved
        }
    }
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod wasm {
    use super::{Heap, Pages, PAGE};
    use std::alloc::{GlobalAlloc, Layout};
    use std::cell::UnsafeCell;

    /// The module's own memory.
    struct Memory;

    impl Pages for Memory {
        fn grow(&mut self, pages: usize) -> Option<usize> {
            let before = core::arch::wasm32::memory_grow(0, pages);
            if before == usize::MAX {
                return None;
            }
            before.checked_mul(PAGE)
        }
    }

    struct Global(UnsafeCell<Heap<Memory>>);

    // SAFETY: without the atomics feature a wasm module runs on one thread.
    unsafe impl Sync for Global {}

    // SAFETY: `Heap` hands out distinct blocks of at least the size and alignment asked for, and
    // nothing else touches them; its calls never re-enter the allocator.
    unsafe impl GlobalAlloc for Global {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            unsafe { (*self.0.get()).alloc(layout.size(), layout.align()) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { (*self.0.get()).dealloc(ptr, layout.size(), layout.align()) }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            unsafe { (*self.0.get()).realloc(ptr, layout.size(), layout.align(), new_size) }
        }
    }

    #[global_allocator]
    static HEAP: Global = Global(UnsafeCell::new(Heap::new(Memory)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn classes() {
        for (size, align, class) in [
            (0, 1, 3),
            (1, 1, 3),
            (8, 8, 3),
            (9, 1, 4),
            (16, 4, 4),
            (8, 16, 4),
            (100, 4, 7),
            (128, 8, 7),
            (PAGE - 1, 1, 16),
            (PAGE, 1, 16),
            (PAGE + 1, 1, 17),
            (1, PAGE, 16),
        ] {
            assert_eq!(class_of(size, align), Some(class), "{size} {align}");
        }
        assert_eq!(class_of(1, PAGE * 2), None);
        assert_eq!(class_of(usize::MAX, 1), None);
        assert_eq!(class_of(usize::MAX / 2 + 2, 1), None);
        assert_eq!(class_of(1 << (usize::BITS - 2), 1), Some(usize::BITS - 2));
    }

    /// Pages from a fixed buffer, with room to leave a gap (as if something else grew the memory).
    struct Arena {
        base: usize,
        used: usize,
        limit: usize,
        gap_every: usize,
        grown: usize,
    }

    impl Arena {
        fn new(limit: usize, gap_every: usize) -> Arena {
            let layout = std::alloc::Layout::from_size_align(limit * PAGE, PAGE).unwrap();
            // Leaked at the end of the test; a few MB.
            let base = unsafe { std::alloc::alloc(layout) } as usize;
            assert_ne!(base, 0);
            Arena { base, used: 0, limit, gap_every, grown: 0 }
        }
    }

    impl Pages for Arena {
        fn grow(&mut self, pages: usize) -> Option<usize> {
            self.grown += 1;
            if self.gap_every > 0 && self.grown % self.gap_every == 0 {
                self.used += 1;
            }
            if self.used + pages > self.limit {
                return None;
            }
            let at = self.base + self.used * PAGE;
            self.used += pages;
            Some(at)
        }
    }

    /// The blocks in use, by address: (size, align, fill byte).
    struct Live(BTreeMap<usize, (usize, usize, u8)>);

    impl Live {
        fn add(&mut self, at: *mut u8, size: usize, align: usize, fill: u8) {
            let a = at as usize;
            assert_ne!(a, 0);
            assert_eq!(a % align, 0, "alignment of {size} at {align}");
            if let Some((&b, &(s, _, _))) = self.0.range(..=a).next_back() {
                assert!(b + s.max(1) <= a, "overlaps the block before");
            }
            if let Some((&b, _)) = self.0.range(a..).next() {
                assert!(a + size.max(1) <= b, "overlaps the block after");
            }
            unsafe { std::ptr::write_bytes(at, fill, size) };
            self.0.insert(a, (size, align, fill));
        }

        fn check(&self, at: usize) {
            let (size, _, fill) = self.0[&at];
            let bytes = unsafe { std::slice::from_raw_parts(at as *const u8, size) };
            assert!(bytes.iter().all(|&b| b == fill), "a block was overwritten");
        }
    }

    /// A small deterministic generator (xorshift).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 as usize
        }
    }

    #[test]
    fn random_use_keeps_blocks_distinct_aligned_and_intact() {
        for gap_every in [0, 3] {
            let mut heap = Heap::new(Arena::new(1024, gap_every));
            let mut live = Live(BTreeMap::new());
            let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
            for step in 0..20_000u32 {
                let fill = step as u8;
                match rng.next() % 3 {
                    0 => {
                        let size = match rng.next() % 10 {
                            0 => rng.next() % (3 * PAGE),
                            _ => rng.next() % 300,
                        };
                        let align = 1 << (rng.next() % 5);
                        let at = unsafe { heap.alloc(size, align) };
                        live.add(at, size, align, fill);
                    }
                    1 if !live.0.is_empty() => {
                        let &at = live.0.keys().nth(rng.next() % live.0.len()).unwrap();
                        live.check(at);
                        let (size, align, _) = live.0.remove(&at).unwrap();
                        unsafe { heap.dealloc(at as *mut u8, size, align) };
                    }
                    _ if !live.0.is_empty() => {
                        let &at = live.0.keys().nth(rng.next() % live.0.len()).unwrap();
                        live.check(at);
                        let (size, align, old_fill) = live.0.remove(&at).unwrap();
                        let new_size = (rng.next() % (2 * size + 20)).min(3 * PAGE);
                        let moved = unsafe { heap.realloc(at as *mut u8, size, align, new_size) };
                        let kept = unsafe { std::slice::from_raw_parts(moved, size.min(new_size)) };
                        assert!(kept.iter().all(|&b| b == old_fill), "realloc lost the contents");
                        live.add(moved, new_size, align, fill);
                    }
                    _ => {}
                }
            }
            for &at in live.0.keys() {
                live.check(at);
            }
        }
    }

    #[test]
    fn repeating_the_same_work_does_not_grow_memory() {
        let mut heap = Heap::new(Arena::new(64, 0));
        let round = |heap: &mut Heap<Arena>| {
            let sizes = [24, 7, 300, 4096, 70_000, 33, 1000, 24];
            let blocks: Vec<_> = sizes.iter().map(|&s| (unsafe { heap.alloc(s, 8) }, s)).collect();
            let grown = unsafe { heap.realloc(blocks[0].0, 24, 8, 200) };
            unsafe { heap.dealloc(grown, 200, 8) };
            for &(at, s) in &blocks[1..] {
                unsafe { heap.dealloc(at, s, 8) };
            }
        };
        round(&mut heap);
        let used = heap.pages.used;
        for _ in 0..100_000 {
            round(&mut heap);
        }
        assert_eq!(heap.pages.used, used);
    }

    #[test]
    fn out_of_memory_is_null_not_a_panic() {
        let mut heap = Heap::new(Arena::new(4, 0));
        assert!(unsafe { heap.alloc(5 * PAGE, 1) }.is_null());
        assert!(unsafe { heap.alloc(1, 2 * PAGE) }.is_null());
        let small = unsafe { heap.alloc(16, 8) };
        assert!(!small.is_null());
        assert!(unsafe { heap.realloc(small, 16, 8, 8 * PAGE) }.is_null());
        // The block is still there, with its free list intact.
        unsafe { heap.dealloc(small, 16, 8) };
        assert_eq!(unsafe { heap.alloc(16, 8) }, small);
    }
}
