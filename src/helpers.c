// SPDX-License-Identifier: GPL-2.0
/*
 * cdp_rs: the kernel functions that exist only as static inlines or macros
 * (so bindgen cannot bind them), and the module parameters (module_param()
 * is a macro). Everything else is Rust; see src/sys/ for the safe wrappers.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "sys/helpers.h"

/*
 * Defaults: from .config in-tree, from our Kconfig file out of tree (Kbuild
 * passes them as -D): one source of truth either way.
 */
#define CDP_RS_DEFAULT_MAX_NEIGHBORS CONFIG_CDP_RS_MAX_NEIGHBORS
#define CDP_RS_DEFAULT_VERIFY_CHECKSUM IS_ENABLED(CONFIG_CDP_RS_VERIFY_CHECKSUM)
#define CDP_RS_DEFAULT_LOG_REJECTS IS_ENABLED(CONFIG_CDP_RS_LOG_REJECTS)
#define CDP_RS_DEFAULT_RX IS_ENABLED(CONFIG_CDP_RS_RX_DEFAULT)
/* CONFIG_CDP_RS_PROC_MODE holds octal digits: 444 means 0444. */
#define CDP_OCTAL_(digits) 0##digits
#define CDP_OCTAL(digits) CDP_OCTAL_(digits)
#define CDP_RS_DEFAULT_PROC_MODE CDP_OCTAL(CONFIG_CDP_RS_PROC_MODE)

static unsigned int max_neighbors = CDP_RS_DEFAULT_MAX_NEIGHBORS;
module_param(max_neighbors, uint, 0444);
MODULE_PARM_DESC(max_neighbors,
		 "Neighbors kept per network namespace; the table is sized when a namespace first receives CDP (default from CONFIG_CDP_RS_MAX_NEIGHBORS)");

static bool verify_checksum = CDP_RS_DEFAULT_VERIFY_CHECKSUM;
module_param(verify_checksum, bool, 0644);
MODULE_PARM_DESC(verify_checksum,
		 "Drop CDP frames whose checksum does not verify (default from CONFIG_CDP_RS_VERIFY_CHECKSUM)");

static bool log_rejects = CDP_RS_DEFAULT_LOG_REJECTS;
module_param(log_rejects, bool, 0644);
MODULE_PARM_DESC(log_rejects,
		 "Log refused CDP frames, rate-limited (default from CONFIG_CDP_RS_LOG_REJECTS)");

static ushort proc_mode = CDP_RS_DEFAULT_PROC_MODE;
module_param(proc_mode, ushort, 0444);
MODULE_PARM_DESC(proc_mode,
		 "Permissions of the /proc files, octal (default from CONFIG_CDP_RS_PROC_MODE)");

static bool rx_default = CDP_RS_DEFAULT_RX;
module_param(rx_default, bool, 0644);
MODULE_PARM_DESC(rx_default,
		 "Receive CDP on interfaces whose admin status was not set through netlink; N: count and drop their frames (default from CONFIG_CDP_RS_RX_DEFAULT)");

/* verify_checksum (bit 0) and rx_default (bit 1): one call per frame. */
u32 cdp_param_rx_flags(void)
{
	return READ_ONCE(verify_checksum) | READ_ONCE(rx_default) << 1;
}

bool cdp_param_rx_default(void)
{
	return READ_ONCE(rx_default);
}

static bool lock_stats;
module_param(lock_stats, bool, 0644);
MODULE_PARM_DESC(lock_stats,
		 "Measure how long the receive path waits for the table lock, shown in /proc/cdp_traffic (benchmarks; default off)");

bool cdp_param_lock_stats(void)
{
	return READ_ONCE(lock_stats);
}

u64 cdp_ktime_ns(void)
{
	return ktime_get_ns();
}

unsigned int cdp_param_max_neighbors(void)
{
	return READ_ONCE(max_neighbors);
}

bool cdp_param_log_rejects(void)
{
	return READ_ONCE(log_rejects);
}

unsigned short cdp_param_proc_mode(void)
{
	return READ_ONCE(proc_mode) & 0777;
}

u8 cdp_skb_pkt_type(const struct sk_buff *skb)
{
	return skb->pkt_type;
}

__be16 cdp_skb_protocol(const struct sk_buff *skb)
{
	return skb->protocol;
}

struct sk_buff *cdp_skb_clone(struct sk_buff *skb)
{
	return skb_clone(skb, GFP_ATOMIC);
}

void cdp_consume_skb(struct sk_buff *skb)
{
	consume_skb(skb);
}

/* skb_header_pointer(), with negative offsets (into the headers before
 * skb->data) bounded by the headroom. */
const void *cdp_skb_header_pointer(const struct sk_buff *skb, int offset,
				   int len, void *buffer)
{
	if (offset < 0 && (unsigned int)-offset > skb_headroom(skb))
		return NULL;
	return skb_header_pointer(skb, offset, len, buffer);
}

int cdp_skb_mac_offset(const struct sk_buff *skb)
{
	if (!skb_mac_header_was_set(skb))
		return INT_MIN;
	return skb_mac_offset(skb);
}

int cdp_skb_vlan_id(const struct sk_buff *skb)
{
	return skb_vlan_tag_present(skb) ? skb_vlan_tag_get_id(skb) : -1;
}

int cdp_dev_vlan_id(const struct net_device *dev)
{
	return is_vlan_dev(dev) ? vlan_dev_vlan_id(dev) : -1;
}

bool cdp_dev_is_bridge_master(const struct net_device *dev)
{
	return netif_is_bridge_master(dev);
}

bool cdp_dev_is_bridge_port(const struct net_device *dev)
{
	return netif_is_bridge_port(dev);
}

/* A VLAN device on a bridge port: it takes its VLAN's frames off the port
 * before the bridge does. */
bool cdp_dev_is_vlan_on_bridge_port(const struct net_device *dev)
{
	return is_vlan_dev(dev) && netif_is_bridge_port(vlan_dev_real_dev(dev));
}

bool cdp_dev_is_bond_slave(const struct net_device *dev)
{
	return netif_is_bond_slave(dev);
}

/* For a tap: the VLAN ID (not 0) of an incoming 802.1Q-tagged 802.2 frame,
 * or -1. */
int cdp_skb_tagged_llc_vid(const struct sk_buff *skb)
{
	u16 vid;

	if (skb->protocol != htons(ETH_P_802_2) || !skb_vlan_tag_present(skb) ||
	    skb->pkt_type == PACKET_OUTGOING)
		return -1;
	vid = skb_vlan_tag_get_id(skb);
	return vid ? vid : -1;
}

/* Hard interrupts off while lock_stats times a spinlock acquisition; not on
 * PREEMPT_RT, where spinlock_t may sleep. */
unsigned long cdp_local_irq_save(void)
{
	unsigned long flags = 0;

	if (!IS_ENABLED(CONFIG_PREEMPT_RT))
		local_irq_save(flags);
	return flags;
}

void cdp_local_irq_restore(unsigned long flags)
{
	if (!IS_ENABLED(CONFIG_PREEMPT_RT))
		local_irq_restore(flags);
}

void cdp_init_work(struct work_struct *work, void (*func)(struct work_struct *))
{
	INIT_WORK(work, func);
}

bool cdp_schedule_work(struct work_struct *work)
{
	return schedule_work(work);
}

/* Under RTNL: whether @dev's master is a bond (IFF_SLAVE is only set after
 * the NETDEV_CHANGEUPPER that links it). */
bool cdp_dev_has_bond_master(const struct net_device *dev)
{
	struct net_device *m = netdev_master_upper_dev_get((struct net_device *)dev);

	return m && netif_is_bond_master(m);
}

/* Under RTNL: whether @dev's master is a bridge. Unlike IFF_BRIDGE_PORT,
 * which the bridge clears only after the NETDEV_CHANGEUPPER that unlinks
 * the port, this is already false then. */
bool cdp_dev_has_bridge_master(const struct net_device *dev)
{
	struct net_device *m = netdev_master_upper_dev_get((struct net_device *)dev);

	return m && netif_is_bridge_master(m);
}

struct net *cdp_dev_net(const struct net_device *dev)
{
	return dev_net(dev);
}

void *cdp_net_generic(const struct net *net, unsigned int id)
{
	return net_generic(net, id);
}

struct net *cdp_get_current_net(void)
{
	return get_net(current->nsproxy->net_ns);
}

void cdp_put_net(struct net *net)
{
	put_net(net);
}

u64 cdp_now_ms(void)
{
	return jiffies64_to_msecs(get_jiffies_64());
}

unsigned long cdp_msecs_to_jiffies_from_now(unsigned int ms)
{
	return jiffies + msecs_to_jiffies(ms);
}

void cdp_timer_setup(struct timer_list *timer,
		     void (*fn)(struct timer_list *))
{
	timer_setup(timer, fn, 0);
}

void cdp_local_bh_disable(void)
{
	local_bh_disable();
}

void cdp_local_bh_enable(void)
{
	local_bh_enable();
}
