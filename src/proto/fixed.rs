// SPDX-License-Identifier: GPL-2.0

//! Fixed-capacity containers: the neighbor table never allocates, so every
//! field decoded from the wire lives in a buffer whose size is set here.

/// Bytes from the wire, kept up to `N` bytes.
///
/// The bytes are stored raw (they may hold anything, NUL, newlines or escape
/// sequences); [`crate::proto::render`] escapes them on the way out.
///
/// Bytes past the stored length are stale and never read: equality looks at
/// the stored bytes only, so resetting a value costs nothing.
#[derive(Clone, Copy)]
pub struct Bytes<const N: usize> {
    len: u16,
    /// Length the wire carried, before truncation to `N`.
    wire_len: u16,
    buf: [u8; N],
}

impl<const N: usize> Bytes<N> {
    /// An empty value.
    pub const EMPTY: Self = Self {
        len: 0,
        wire_len: 0,
        buf: [0; N],
    };

    /// Replaces the content with `src`, truncated to `N` bytes.
    pub fn set(&mut self, src: &[u8]) {
        let n = src.len().min(N);
        self.buf[..n].copy_from_slice(&src[..n]);
        self.len = n as u16;
        self.wire_len = src.len().min(u16::MAX as usize) as u16;
    }

    /// The stored bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }

    /// Whether the wire carried more than `N` bytes.
    pub fn truncated(&self) -> bool {
        self.wire_len > self.len
    }

    /// Whether no byte is stored.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Empties the value (without touching the buffer).
    pub fn clear(&mut self) {
        self.len = 0;
        self.wire_len = 0;
    }
}

impl<const N: usize> PartialEq for Bytes<N> {
    fn eq(&self, other: &Self) -> bool {
        self.wire_len == other.wire_len && self.as_bytes() == other.as_bytes()
    }
}

impl<const N: usize> Eq for Bytes<N> {}

impl<const N: usize> Default for Bytes<N> {
    fn default() -> Self {
        Self::EMPTY
    }
}

/// Up to `N` values of `T`, counting how many more the wire carried.
/// Like [`Bytes`], places past the length are stale and never read.
#[derive(Clone, Copy)]
pub struct List<T: Copy, const N: usize> {
    len: u8,
    /// Values seen but not kept because the list was full.
    dropped: u16,
    items: [T; N],
}

impl<T: Copy, const N: usize> List<T, N> {
    /// An empty list whose unused places hold `fill`.
    pub const fn new(fill: T) -> Self {
        Self {
            len: 0,
            dropped: 0,
            items: [fill; N],
        }
    }

    /// Appends `v`, or counts it as dropped when the list is full.
    pub fn push(&mut self, v: T) {
        if (self.len as usize) < N {
            self.items[self.len as usize] = v;
            self.len += 1;
        } else {
            self.dropped = self.dropped.saturating_add(1);
        }
    }

    /// Empties the list.
    pub fn clear(&mut self) {
        self.len = 0;
        self.dropped = 0;
    }

    /// The stored values.
    pub fn as_slice(&self) -> &[T] {
        &self.items[..self.len as usize]
    }

    /// How many values did not fit.
    pub fn dropped(&self) -> u16 {
        self.dropped
    }
}

impl<T: Copy + PartialEq, const N: usize> PartialEq for List<T, N> {
    fn eq(&self, other: &Self) -> bool {
        self.dropped == other.dropped && self.as_slice() == other.as_slice()
    }
}

impl<T: Copy + Eq, const N: usize> Eq for List<T, N> {}
