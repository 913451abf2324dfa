// SPDX-License-Identifier: GPL-2.0

//! A deliberately broken module for the test bench's own test: it sleeps in
//! atomic context (a `GFP_KERNEL` allocation under a spinlock), which the
//! test kernel's DEBUG_ATOMIC_SLEEP reports as "BUG: sleeping function
//! called from invalid context". scripts/vm must fail and print the report.

use core::pin::Pin;
use kernel::new_spinlock;
use kernel::prelude::*;
use kernel::sync::SpinLock;

module! {
    type: Splat,
    name: "cdp_splat",
    author: "cdp_rs developers",
    description: "Deliberately broken: sleeps in atomic context",
    license: "GPL",
}

struct Splat {
    _lock: Pin<KBox<SpinLock<u32>>>,
}

impl kernel::Module for Splat {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let lock = KBox::pin_init(new_spinlock!(0u32, "cdp_splat"), GFP_KERNEL)?;
        {
            let _guard = lock.lock();
            // The bug: GFP_KERNEL may sleep, and a spinlock is held.
            let b = KBox::new([0u8; 64], GFP_KERNEL)?;
            drop(b);
        }
        pr_info!("cdp_splat: slept in atomic context\n");
        Ok(Splat { _lock: lock })
    }
}
