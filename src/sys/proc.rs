// SPDX-License-Identifier: GPL-2.0

//! /proc files read through `seq_file`, one record at a time, and written
//! with short commands.

use super::bindings;
use super::ctx::ProcCtx;
use super::net::{NetRef, OwnNet};
use core::cell::UnsafeCell;
use core::ffi::{c_int, c_void};
use core::fmt;
use core::marker::{PhantomData, PhantomPinned};
use core::pin::Pin;
use core::sync::atomic::{AtomicPtr, Ordering};
use kernel::prelude::*;
use kernel::str::CStr;
use kernel::uaccess::UserSlice;

/// Output of one record: `core::fmt` into the seq_file buffer. When the
/// buffer overflows, seq_file grows it and asks for the record again.
pub(crate) struct SeqOut {
    m: *mut bindings::seq_file,
}

impl fmt::Write for SeqOut {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // SAFETY: `m` is the seq_file of the `show` call in progress.
        unsafe { bindings::seq_write(self.m, s.as_ptr().cast(), s.len()) };
        Ok(())
    }
}

/// Who wrote to a /proc file.
pub(crate) struct Writer<'a> {
    file: *const bindings::file,
    net: &'a NetRef,
}

impl Writer<'_> {
    /// Whether the opener had CAP_NET_ADMIN over the file's namespace.
    pub(crate) fn net_admin(&self) -> bool {
        // SAFETY: `file` is the file being written; `file_ns_capable`
        // checks its opener's credentials against the user namespace.
        unsafe {
            bindings::file_ns_capable(
                self.file,
                self.net.user_ns(),
                bindings::CDP_CAP_NET_ADMIN as c_int,
            )
        }
    }
}

/// The content of a /proc file, as a sequence of records.
pub(crate) trait SeqSource: 'static {
    /// Per-open state (allocated at open; may be large).
    type State: Send;
    /// Builds the state of a new reader in namespace `net`.
    fn open(net: &NetRef) -> Result<KBox<Self::State>>;
    /// The first record at or after position `pos`, or `None` at the end.
    fn seek(st: &mut Self::State, net: &NetRef, pos: u64, cx: &ProcCtx) -> Option<u64>;
    /// Writes record `pos` (returned by `seek`).
    fn show(st: &mut Self::State, net: &NetRef, pos: u64, out: &mut SeqOut);
    /// Handles a write of `data`; returns an errno-style error.
    fn write(net: &NetRef, w: &Writer<'_>, data: &[u8], cx: &ProcCtx) -> Result;
}

/// Per-open data, owned by the seq_file's private pointer.
///
/// `write` runs outside seq_file's mutex, concurrently with a reader's
/// callbacks, and only reads `net`; the reader's state is behind an
/// `UnsafeCell`, so a reader's `&mut` to it never aliases a reference that
/// `write` holds: both only ever hold `&Open`.
struct Open<S: SeqSource> {
    net: NetRef,
    /// Only used by the seq_file callbacks, which seq_file serialises
    /// under its mutex.
    reader: UnsafeCell<Reader<S>>,
}

struct Reader<S: SeqSource> {
    cur: u64,
    st: KBox<S::State>,
}

/// The per-open data and the reader's state of `m`.
///
/// # Safety
///
/// `m` is a seq_file opened by `proc_open::<S>` and still open, and the
/// caller is a seq_file callback (start/next/show), which seq_file
/// serialises under `m->lock`: no other `&mut Reader` exists meanwhile.
unsafe fn reader_of<'a, S: SeqSource>(
    m: *mut bindings::seq_file,
) -> (&'a Open<S>, &'a mut Reader<S>) {
    // SAFETY: the private pointer is the `Open<S>` that `proc_open` stored,
    // freed only by `proc_release`, after the last callback.
    let o = unsafe { &*((*m).private as *const Open<S>) };
    // SAFETY: the callbacks are serialised (see above) and `write` never
    // touches `reader`.
    let r = unsafe { &mut *o.reader.get() };
    (o, r)
}

/// seq_file `start`.
///
/// # Safety
///
/// Called by seq_file only, on a file opened by `proc_open::<S>`.
unsafe extern "C" fn seq_start<S: SeqSource>(
    m: *mut bindings::seq_file,
    pos: *mut bindings::loff_t,
) -> *mut c_void {
    // SAFETY: called by seq_file on a file opened by `proc_open::<S>`.
    let (o, r) = unsafe { reader_of::<S>(m) };
    // SAFETY: `pos` is seq_file's position, valid for the call.
    let at = unsafe { *pos } as u64;
    // SAFETY: a /proc file operation of the module.
    let cx = unsafe { ProcCtx::assume() };
    match S::seek(&mut r.st, &o.net, at, &cx) {
        Some(p) => {
            r.cur = p;
            // SAFETY: as above.
            unsafe { *pos = p as bindings::loff_t };
            // Any non-NULL pointer: `show` finds its record in `r.cur`.
            m.cast()
        }
        None => core::ptr::null_mut(),
    }
}

/// seq_file `next`.
///
/// # Safety
///
/// Called by seq_file only, on a file opened by `proc_open::<S>`.
unsafe extern "C" fn seq_next<S: SeqSource>(
    m: *mut bindings::seq_file,
    _v: *mut c_void,
    pos: *mut bindings::loff_t,
) -> *mut c_void {
    // SAFETY: called by seq_file on a file opened by `proc_open::<S>`.
    let (o, r) = unsafe { reader_of::<S>(m) };
    // SAFETY: a /proc file operation of the module.
    let cx = unsafe { ProcCtx::assume() };
    let (next, ret) = match S::seek(&mut r.st, &o.net, r.cur + 1, &cx) {
        Some(p) => {
            r.cur = p;
            (p, m.cast())
        }
        // seq_file requires the position to move on even at the end.
        None => (r.cur + 1, core::ptr::null_mut()),
    };
    // SAFETY: `pos` is seq_file's position, valid for the call.
    unsafe { *pos = next as bindings::loff_t };
    ret
}

/// seq_file `stop`.
///
/// # Safety
///
/// Called by seq_file only.
unsafe extern "C" fn seq_stop<S: SeqSource>(_m: *mut bindings::seq_file, _v: *mut c_void) {}

/// seq_file `show`.
///
/// # Safety
///
/// Called by seq_file only, on a file opened by `proc_open::<S>`.
unsafe extern "C" fn seq_show<S: SeqSource>(m: *mut bindings::seq_file, _v: *mut c_void) -> c_int {
    // SAFETY: called by seq_file on a file opened by `proc_open::<S>`.
    let (o, r) = unsafe { reader_of::<S>(m) };
    S::show(&mut r.st, &o.net, r.cur, &mut SeqOut { m });
    0
}

/// proc `open`.
///
/// # Safety
///
/// Called by procfs only, with a live inode and file.
unsafe extern "C" fn proc_open<S: SeqSource, const OWN_NET: bool>(
    inode: *mut bindings::inode,
    file: *mut bindings::file,
) -> c_int {
    // The global files show the reader's namespace, a /proc/net/cdp file
    // its own (also when read through /proc/PID/net).
    let net = if OWN_NET {
        // SAFETY: with `OWN_NET`, the ops table is one of `NetProcDir`'s
        // files, being opened.
        match unsafe { NetRef::of_proc_inode(inode) } {
            Some(net) => net,
            None => return ENOENT.to_errno(),
        }
    } else {
        NetRef::current()
    };
    let st = match S::open(&net) {
        Ok(st) => st,
        Err(e) => return e.to_errno(),
    };
    let reader = UnsafeCell::new(Reader { cur: 0, st });
    let o = match KBox::new(Open::<S> { net, reader }, GFP_KERNEL) {
        Ok(o) => o,
        Err(_) => return ENOMEM.to_errno(),
    };
    // SAFETY: `file` is being opened; `seq_open` stores a new seq_file in
    // `file->private_data`. The ops table is 'static.
    let r = unsafe { bindings::seq_open(file, &ProcFile::<S>::SEQ_OPS) };
    if r != 0 {
        return r;
    }
    // SAFETY: `seq_open` succeeded, so `private_data` is our seq_file; we
    // hand it the box, taken back in `proc_release`.
    unsafe {
        let m = (*file).private_data.cast::<bindings::seq_file>();
        (*m).private = KBox::into_raw(o).cast::<c_void>();
    }
    0
}

/// proc `release`.
///
/// # Safety
///
/// Called by procfs only, once per successful `proc_open::<S>`.
unsafe extern "C" fn proc_release<S: SeqSource>(
    inode: *mut bindings::inode,
    file: *mut bindings::file,
) -> c_int {
    // SAFETY: the file was opened by `proc_open::<S>`; its seq_file's
    // private pointer is the box we stored there, released exactly once.
    unsafe {
        let m = (*file).private_data.cast::<bindings::seq_file>();
        let o = (*m).private.cast::<Open<S>>();
        (*m).private = core::ptr::null_mut();
        if !o.is_null() {
            drop(KBox::from_raw(o));
        }
        bindings::seq_release(inode, file)
    }
}

/// Longest command accepted by a write.
const WRITE_MAX: usize = 64;

/// proc `write`.
///
/// # Safety
///
/// Called by procfs only, on a file opened by `proc_open::<S>`, with
/// `buf` a user pointer to `count` bytes.
unsafe extern "C" fn proc_write<S: SeqSource>(
    file: *mut bindings::file,
    buf: *const core::ffi::c_char,
    count: usize,
    _ppos: *mut bindings::loff_t,
) -> isize {
    if count > WRITE_MAX {
        return EINVAL.to_errno() as isize;
    }
    let mut data = [0u8; WRITE_MAX];
    // 7.x wraps the user address in a type of its own.
    #[cfg(not(cdp_kernel_7))]
    let user = buf as usize;
    #[cfg(cdp_kernel_7)]
    let user = kernel::uaccess::UserPtr::from_addr(buf as usize);
    if UserSlice::new(user, count)
        .reader()
        .read_slice(&mut data[..count])
        .is_err()
    {
        return EFAULT.to_errno() as isize;
    }
    // SAFETY: the file was opened by `proc_open::<S>` (same ops table) and
    // is open during the write. Only a shared reference is made: a reader
    // may be in a seq_file callback with `&mut` to `reader` at this moment,
    // which `write` never touches.
    let o = unsafe {
        let m = (*file).private_data.cast::<bindings::seq_file>();
        &*((*m).private as *const Open<S>)
    };
    let w = Writer { file, net: &o.net };
    // SAFETY: a /proc file operation of the module.
    let cx = unsafe { ProcCtx::assume() };
    match S::write(&o.net, &w, &data[..count], &cx) {
        Ok(()) => count as isize,
        Err(e) => e.to_errno() as isize,
    }
}

/// A /proc file; removed on drop.
///
/// # Invariants
///
/// `pde` is the entry `proc_create` returned, removed only in `drop`.
pub(crate) struct ProcFile<S: SeqSource> {
    pde: *mut bindings::proc_dir_entry,
    _s: PhantomData<S>,
    _pin: PhantomPinned,
}

// SAFETY: the entry pointer is only used in `drop`.
unsafe impl<S: SeqSource> Send for ProcFile<S> {}
// SAFETY: no method uses the entry.
unsafe impl<S: SeqSource> Sync for ProcFile<S> {}

impl<S: SeqSource> ProcFile<S> {
    const SEQ_OPS: bindings::seq_operations = bindings::seq_operations {
        start: Some(seq_start::<S>),
        stop: Some(seq_stop::<S>),
        next: Some(seq_next::<S>),
        show: Some(seq_show::<S>),
    };

    const PROC_OPS: bindings::proc_ops = Self::ops::<false>();

    /// The operations of `S`'s file in `/proc/net/cdp`.
    pub(crate) const NET_FILE: NetFileOps = NetFileOps(Self::ops::<true>());

    const fn ops<const OWN_NET: bool>() -> bindings::proc_ops {
        bindings::proc_ops {
            proc_open: Some(proc_open::<S, OWN_NET>),
            proc_read: Some(bindings::seq_read),
            proc_lseek: Some(bindings::seq_lseek),
            proc_release: Some(proc_release::<S>),
            proc_write: Some(proc_write::<S>),
            // SAFETY: all-zero is valid for the remaining fields (NULL
            // function pointers and zero flags).
            ..unsafe { core::mem::zeroed() }
        }
    }

    /// Creates /proc/`name` with permissions `mode`.
    pub(crate) fn create(name: &'static CStr, mode: u16) -> Result<Pin<KBox<Self>>> {
        // SAFETY: `name` is NUL-terminated and 'static; the ops table is
        // 'static; a NULL parent means /proc itself.
        let pde = unsafe {
            bindings::proc_create(
                name.as_char_ptr().cast(),
                mode,
                core::ptr::null_mut(),
                &Self::PROC_OPS,
            )
        };
        if pde.is_null() {
            return Err(ENOMEM);
        }
        // INVARIANT: the entry is removed exactly once, by `drop`: also when
        // the box cannot be allocated, since the value is dropped then.
        Ok(KBox::pin(
            Self {
                pde,
                _s: PhantomData,
                _pin: PhantomPinned,
            },
            GFP_KERNEL,
        )?)
    }
}

impl<S: SeqSource> Drop for ProcFile<S> {
    fn drop(&mut self) {
        // SAFETY: `pde` came from `proc_create` (type invariant).
        // `proc_remove` waits for running operations and closes open files,
        // so no callback runs afterwards.
        unsafe { bindings::proc_remove(self.pde) };
    }
}

/// The file operations of one `/proc/net/cdp` file (`ProcFile::NET_FILE`).
pub(crate) struct NetFileOps(bindings::proc_ops);

/// A file of `/proc/net/cdp`: its name, permissions and operations.
pub(crate) struct NetFile {
    pub(crate) name: &'static CStr,
    pub(crate) mode: u16,
    pub(crate) ops: &'static NetFileOps,
}

/// Stands for "being created" in [`NetProcDir`]: no entry has this address.
fn creating() -> *mut bindings::proc_dir_entry {
    core::ptr::NonNull::dangling().as_ptr()
}

/// A namespace's `/proc/net/cdp` directory, created once (by whichever
/// process-context caller comes first) and removed, with its files, on
/// drop. Its files show the namespace they are in.
///
/// # Invariants
///
/// `dir` is NULL, [`creating()`] while one caller creates the directory, or
/// the directory `cdp_proc_net_mkdir` returned, removed only by `remove`
/// (which `drop` calls). The value is kept in the pernet state of the
/// namespace it was created in, so it is removed in that namespace's exit,
/// before `proc_net` goes.
pub(crate) struct NetProcDir {
    dir: AtomicPtr<bindings::proc_dir_entry>,
}

impl NetProcDir {
    /// No directory yet.
    pub(crate) const fn new() -> Self {
        Self {
            dir: AtomicPtr::new(core::ptr::null_mut()),
        }
    }

    /// Creates `/proc/net/<name>` in `net` with `files`, unless it exists
    /// or another caller is creating it. Process context. `net` is kept
    /// beside `self` in the namespace's pernet state.
    pub(crate) fn create(&self, net: &OwnNet, name: &'static CStr, files: &[NetFile]) -> Result {
        if self
            .dir
            .compare_exchange(
                core::ptr::null_mut(),
                creating(),
                Ordering::Acquire,
                Ordering::Relaxed,
            )
            .is_err()
        {
            return Ok(());
        }
        let net = net.net().raw();
        // SAFETY: `net` is alive (it holds `self`); `name` is 'static and
        // NUL-terminated. Process context.
        let dir = unsafe { bindings::cdp_proc_net_mkdir(net, name.as_char_ptr().cast()) };
        if dir.is_null() {
            self.dir.store(core::ptr::null_mut(), Ordering::Release);
            return Err(ENOMEM);
        }
        for f in files {
            // SAFETY: `dir` is the directory just made; the name and the ops
            // table are 'static. Each file's data is `net`, which outlives
            // it (type invariant).
            let pde = unsafe {
                bindings::cdp_proc_net_create(
                    net,
                    f.name.as_char_ptr().cast(),
                    f.mode,
                    dir,
                    &f.ops.0,
                )
            };
            if pde.is_null() {
                // SAFETY: removes the directory and the files made so far.
                unsafe { bindings::proc_remove(dir) };
                self.dir.store(core::ptr::null_mut(), Ordering::Release);
                return Err(ENOMEM);
            }
        }
        // INVARIANT: the directory, removed only by `remove`.
        self.dir.store(dir, Ordering::Release);
        Ok(())
    }
}

impl NetProcDir {
    /// Removes the directory and its files, if made: waits for the file
    /// operations in progress (a read, a write of `clear`), after which no
    /// file of the directory reaches its namespace's state. The owner calls
    /// it, once nothing creates the directory again, before it tears down
    /// what the files read. Process context.
    pub(crate) fn remove(&self) {
        let dir = self.dir.swap(core::ptr::null_mut(), Ordering::AcqRel);
        if !dir.is_null() && dir != creating() {
            // SAFETY: the directory made by `create` (type invariant), taken
            // out of `self` by the swap, so removed once. `proc_remove`
            // removes its files too, waits for their running operations and
            // makes open files fail from then on.
            unsafe { bindings::proc_remove(dir) };
        }
    }
}

impl Drop for NetProcDir {
    fn drop(&mut self) {
        self.remove();
    }
}
