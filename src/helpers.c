// SPDX-License-Identifier: GPL-2.0
/*
 * cdp_rs: the kernel functions that exist only as static inlines or macros
 * (so bindgen cannot bind them), and the module parameters (module_param()
 * is a macro). Everything else is Rust; see src/sys/ for the safe wrappers.
 */

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_macvlan.h>
#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/neighbour.h>
#include <linux/pkt_sched.h>
#include <linux/proc_fs.h>
#include <linux/rtnetlink.h>
#include <linux/utsname.h>
#include <net/addrconf.h>
#include <net/netlink.h>
#include <net/if_inet6.h>
#include <linux/jiffies.h>
#include <linux/memcontrol.h>
#include <linux/sched/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/uidgid.h>
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

/* Here rather than in Rust's module!, which spells it differently in 6.12 and 7.x. */
MODULE_AUTHOR("cdp_rs developers");

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

bool cdp_dev_is_bond_master(const struct net_device *dev)
{
	return netif_is_bond_master(dev);
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

/* A reference to the memory cgroup of the calling task (NULL without
 * CONFIG_MEMCG or when memcg is disabled). */
struct mem_cgroup *cdp_memcg_get_current(void)
{
	return get_mem_cgroup_from_mm(current->mm);
}

void cdp_memcg_put(struct mem_cgroup *memcg)
{
	mem_cgroup_put(memcg);
}

/* Process context: __GFP_ACCOUNT allocations are charged to @memcg until
 * the previous value (returned) is set again. */
struct mem_cgroup *cdp_set_active_memcg(struct mem_cgroup *memcg)
{
	return set_active_memcg(memcg);
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

/*
 * The port of bridge `br` that learnt `addr`, looked up in VLAN vids[0],
 * then vids[1]... (0: none) until an entry is found; NULL if there is none
 * or the entry is the bridge's own. A bridge passes CDP (a multicast frame)
 * up to itself, where cdp_rs's handler sees it with the port forgotten; the
 * port's source address was learnt on the way (learning is on by default).
 *
 * The bridge's own lookup, br_fdb_find_port(), needs RTNL, and any symbol
 * of bridge.ko would make cdp_rs depend on it. Its ndo_fdb_get (the
 * RTM_GETNEIGH handler) needs neither: it searches under RCU and writes the
 * entry as an RTM_NEWNEIGH message, whose ndm_ifindex is the port, and
 * writes nothing when there is no entry. So this costs one small GFP_ATOMIC
 * skb per CDP frame a bridge passes up, and nothing for any other frame.
 * Softirq or process context, RCU held; the device returned is valid under
 * that RCU read-side section.
 *
 * Why calling ndo_fdb_get from softirq is sound although rtnetlink calls it
 * under RTNL (rtnl_fdb_get()): only the bridge's is called (the
 * netif_is_bridge_master() test), and br_fdb_get() (net/bridge/br_fdb.c,
 * the same in 6.12 and 7.x) takes rcu_read_lock() itself, finds the entry
 * with br_fdb_find_rcu(), and fills the message with fdb_fill_info(), which
 * reads the entry with READ_ONCE() and only nla_put()s into our skb: no
 * lock, no sleep, no allocation, nothing that RTNL protects. It ignores
 * tb[] and portid/seq, and NL_SET_ERR_MSG() accepts a NULL extack.
 */
struct net_device *cdp_bridge_fdb_port(struct net_device *br, const u8 *addr,
				       const u16 *vids, unsigned int n)
{
	const struct net_device_ops *ops = br->netdev_ops;
	struct net_device *port = NULL;
	struct sk_buff *skb;
	unsigned int i;

	if (!netif_is_bridge_master(br) || !ops->ndo_fdb_get)
		return NULL;
	skb = nlmsg_new(NLMSG_ALIGN(sizeof(struct ndmsg)) + 256, GFP_ATOMIC);
	if (!skb)
		return NULL;
	for (i = 0; i < n; i++) {
		const struct ndmsg *ndm;

		if (ops->ndo_fdb_get(skb, NULL, br, addr, vids[i], 0, 0, NULL))
			continue;
		if (skb->len < NLMSG_LENGTH(sizeof(struct ndmsg)))
			break;
		ndm = nlmsg_data(nlmsg_hdr(skb));
		if (ndm->ndm_ifindex != br->ifindex)
			port = dev_get_by_index_rcu(dev_net(br), ndm->ndm_ifindex);
		if (port && netdev_master_upper_dev_get_rcu(port) != br)
			port = NULL;
		break;
	}
	consume_skb(skb);
	return port;
}

/*
 * The name of @dev, NUL-terminated, into @buf (IFNAMSIZ bytes). Renames
 * hold RTNL, so under RTNL the copy is exact. In softirq no rename lock can
 * be taken (netdev_copy_name() sleeps on devnet_rename_sem): each byte is
 * read once, so the copy is a string, and a copy made during a rename (a
 * mix of both names) is corrected by the NETDEV_CHANGENAME notification
 * that follows.
 */
void cdp_dev_copy_name(const struct net_device *dev, char *buf)
{
	int i;

	for (i = 0; i < IFNAMSIZ - 1; i++) {
		buf[i] = READ_ONCE(dev->name[i]);
		if (!buf[i])
			break;
	}
	for (; i < IFNAMSIZ; i++)
		buf[i] = 0;
}

struct net *cdp_dev_net(const struct net_device *dev)
{
	return dev_net(dev);
}

void *cdp_net_generic(const struct net *net, unsigned int id)
{
	return net_generic(net, id);
}

bool cdp_net_is_init(const struct net *net)
{
	return net_eq(net, &init_net);
}

struct net *cdp_get_current_net(void)
{
	return get_net(current->nsproxy->net_ns);
}

void cdp_put_net(struct net *net)
{
	put_net(net);
}

/*
 * /proc/net/cdp: entries in the namespace's own /proc/net, owned (like
 * /proc/net itself) by the root of the user namespace that owns it, so a
 * container's root may clear its own table.
 */
static void cdp_proc_set_net_owner(struct proc_dir_entry *pde, struct net *net)
{
	kuid_t uid = make_kuid(net->user_ns, 0);
	kgid_t gid = make_kgid(net->user_ns, 0);

	if (uid_valid(uid) && gid_valid(gid))
		proc_set_user(pde, uid, gid);
}

struct proc_dir_entry *cdp_proc_net_mkdir(struct net *net, const char *name)
{
	struct proc_dir_entry *dir = proc_mkdir_data(name, 0555, net->proc_net, net);

	if (dir)
		cdp_proc_set_net_owner(dir, net);
	return dir;
}

struct proc_dir_entry *cdp_proc_net_create(struct net *net, const char *name,
					   umode_t mode,
					   struct proc_dir_entry *dir,
					   const struct proc_ops *ops)
{
	struct proc_dir_entry *pde = proc_create_data(name, mode, dir, ops, net);

	if (pde)
		cdp_proc_set_net_owner(pde, net);
	return pde;
}

struct net *cdp_proc_get_net(const struct inode *inode)
{
	return maybe_get_net(pde_data(inode));
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

/*
 * Transmission (src/tx.rs): the parameters, what an advertisement says
 * about an interface, and the send. The frame itself is built in Rust
 * (src/proto/advert.rs).
 */
#define CDP_RS_DEFAULT_TX IS_ENABLED(CONFIG_CDP_RS_TX_DEFAULT)
#define CDP_RS_DEFAULT_TX_INTERVAL CONFIG_CDP_RS_TX_INTERVAL
#define CDP_RS_DEFAULT_TX_HOLDTIME CONFIG_CDP_RS_TX_HOLDTIME

/* Set by the module once its per-namespace state exists, cleared before it
 * goes; read and written under the module's parameter lock, which the
 * parameter's set operation runs under. */
static bool tx_ready;

void cdp_rs_tx_kick(void); /* src/tx.rs */

static bool tx_default = CDP_RS_DEFAULT_TX;

static int tx_default_set(const char *val, const struct kernel_param *kp)
{
	int rc = param_set_bool(val, kp);

	if (!rc && tx_ready)
		cdp_rs_tx_kick();
	return rc;
}

static const struct kernel_param_ops tx_default_ops = {
	.set = tx_default_set,
	.get = param_get_bool,
};
module_param_cb(tx_default, &tx_default_ops, &tx_default, 0644);
MODULE_PARM_DESC(tx_default,
		 "Advertise the host, in the initial network namespace only, on interfaces that face a wire (NICs: devices with a parent bus device; bond and team ports) whose admin status was not set through netlink (default from CONFIG_CDP_RS_TX_DEFAULT)");

static unsigned int tx_interval = CDP_RS_DEFAULT_TX_INTERVAL;
static unsigned int tx_holdtime = CDP_RS_DEFAULT_TX_HOLDTIME;

/*
 * tx_interval and tx_holdtime: out-of-range values are refused (-EINVAL),
 * not clamped. A holdtime shorter than the interval would make peers forget
 * this host between two advertisements: a write through sysfs that makes it
 * so is refused, naming the other parameter; at load, where the order of
 * the two on the command line must not matter, cdp_params_check() refuses
 * the load instead.
 */
static int tx_time_set(const char *val, const struct kernel_param *kp)
{
	bool is_interval = kp->arg == &tx_interval;
	unsigned int lo = is_interval ? 5 : 10, hi = is_interval ? 254 : 255;
	unsigned int v;
	int rc = kstrtouint(val, 0, &v);

	if (rc)
		return rc;
	if (v < lo || v > hi) {
		pr_warn("cdp_rs: %s=%u refused: %u to %u seconds\n",
			is_interval ? "tx_interval" : "tx_holdtime", v, lo, hi);
		return -EINVAL;
	}
	if (READ_ONCE(tx_ready) &&
	    (is_interval ? v > READ_ONCE(tx_holdtime) : v < READ_ONCE(tx_interval))) {
		pr_warn("cdp_rs: %s=%u refused: tx_holdtime (%u s) must be at least tx_interval (%u s), or peers forget this host between advertisements\n",
			is_interval ? "tx_interval" : "tx_holdtime", v,
			is_interval ? READ_ONCE(tx_holdtime) : v,
			is_interval ? v : READ_ONCE(tx_interval));
		return -EINVAL;
	}
	WRITE_ONCE(*(unsigned int *)kp->arg, v);
	return 0;
}

static const struct kernel_param_ops tx_time_ops = {
	.set = tx_time_set,
	.get = param_get_uint,
};
module_param_cb(tx_interval, &tx_time_ops, &tx_interval, 0644);
MODULE_PARM_DESC(tx_interval,
		 "Seconds between advertisements, 5-254, at most tx_holdtime (default from CONFIG_CDP_RS_TX_INTERVAL)");
module_param_cb(tx_holdtime, &tx_time_ops, &tx_holdtime, 0644);
MODULE_PARM_DESC(tx_holdtime,
		 "Holdtime advertised, 10-255 seconds, at least tx_interval (default from CONFIG_CDP_RS_TX_HOLDTIME)");

/* At load, after every parameter is set: 0, or -EINVAL (logged). */
int cdp_params_check(void)
{
	if (tx_holdtime < tx_interval) {
		pr_err("cdp_rs: tx_holdtime=%u is shorter than tx_interval=%u: peers would forget this host between advertisements\n",
		       tx_holdtime, tx_interval);
		return -EINVAL;
	}
	return 0;
}

bool cdp_param_tx_default(void)
{
	return READ_ONCE(tx_default);
}

unsigned int cdp_param_tx_interval(void)
{
	return clamp(READ_ONCE(tx_interval), 5U, 254U);
}

unsigned int cdp_param_tx_holdtime(void)
{
	return clamp(READ_ONCE(tx_holdtime), 10U, 255U);
}

void cdp_tx_set_ready(bool ready)
{
	kernel_param_lock(THIS_MODULE);
	tx_ready = ready;
	kernel_param_unlock(THIS_MODULE);
}

/* Calls @fn for every network namespace, under RCU (@fn must not sleep). */
void cdp_for_each_net_rcu(void (*fn)(struct net *net, void *arg), void *arg)
{
	struct net *net;

	rcu_read_lock();
	for_each_net_rcu(net)
		fn(net, arg);
	rcu_read_unlock();
}

/* Calls @fn for every network namespace, under net_rwsem (@fn may sleep,
 * and take RTNL only if the caller holds it already). */
void cdp_for_each_net(void (*fn)(struct net *net, void *arg), void *arg)
{
	struct net *net;

	down_read(&net_rwsem);
	for_each_net(net)
		fn(net, arg);
	up_read(&net_rwsem);
}

/*
 * The host name (the initial UTS namespace's: sethostname() in the host)
 * and the kernel release and version, each NUL-terminated.
 *
 * sethostname() writes the name under uts_sem, which the kernel does not
 * export to modules (no EXPORT_SYMBOL for it in 6.12; its module readers,
 * sunrpc and 9p, read utsname()->nodename without it), so it cannot be
 * taken here. The name is copied until two copies in a row agree: a name
 * being written is not returned half-old, half-new unless the writer was
 * preempted inside its memcpy across both copies, and then the next look
 * (a second later) reads the whole new name and advertises it. The field's
 * last byte is always NUL (a name has 64 bytes at most). The release and
 * version are the same in every UTS namespace and never written after
 * boot: kernel-wide facts any process reads with uname(2).
 */
void cdp_uts(char *nodename, char *release, char *version, size_t len)
{
	const struct new_utsname *u = init_utsname();
	char again[sizeof(u->nodename)];
	size_t i;
	int tries;

	if (!len)
		return;
	len = min(len, sizeof(again));
	for (tries = 0; tries < 4; tries++) {
		for (i = 0; i < len; i++)
			nodename[i] = READ_ONCE(u->nodename[i]);
		for (i = 0; i < len; i++)
			again[i] = READ_ONCE(u->nodename[i]);
		if (!memcmp(nodename, again, len))
			break;
	}
	nodename[len - 1] = '\0';
	strscpy(release, u->release, len);
	strscpy(version, u->version, len);
}

static void cdp_addrs_of(struct net_device *dev, struct cdp_tx_info *t)
{
	struct in_device *in = __in_dev_get_rtnl(dev);
	struct inet6_dev *in6 = __in6_dev_get(dev);
	const struct in_ifaddr *ifa;

	if (in && !t->has_v4) {
		ifa = rtnl_dereference(in->ifa_list);
		if (ifa) {
			memcpy(t->v4, &ifa->ifa_local, 4);
			t->has_v4 = true;
		}
	}
	if (in6 && !t->has_v6) {
		const struct inet6_ifaddr *ifp;

		read_lock_bh(&in6->lock);
		list_for_each_entry(ifp, &in6->addr_list, if_list) {
			if (ifp->scope & (IFA_HOST | IFA_LINK | IFA_SITE) ||
			    ifp->flags & (IFA_F_DADFAILED | IFA_F_DEPRECATED))
				continue;
			/* Usable once DAD is over, which no notifier tells:
			 * the transmitter looks again (src/tx.rs). */
			if (ifp->flags & IFA_F_TENTATIVE) {
				t->v6_tentative = true;
				continue;
			}
			memcpy(t->v6, &ifp->addr, 16);
			t->has_v6 = true;
			break;
		}
		read_unlock_bh(&in6->lock);
	}
}

/* A bond, team, bridge, VLAN or macvlan device, or a failover master: an
 * aggregate over other devices, which tx_default never makes advertise. */
bool cdp_dev_is_upper(const struct net_device *dev)
{
	return netif_is_bond_master(dev) || netif_is_team_master(dev) ||
	       netif_is_bridge_master(dev) || is_vlan_dev(dev) ||
	       netif_is_macvlan(dev) || netif_is_failover(dev);
}

/*
 * Under RTNL: whether @dev faces a wire, the only devices tx_default makes
 * advertise (and only in the initial namespace: src/tx.rs). A NIC: a
 * device with a parent bus device (PCI, USB, virtio, platform, a DSA
 * switch...), which no software device has (veth, tun/tap, vxlan, geneve,
 * gretap, ipvlan, macvlan, VRF, ifb, HSR/PRP, bridge, bond, VLAN: none of
 * them sets one). Or a port of a bond or team, whose frames go out on the
 * aggregate's wire. Not an aggregate itself, whatever its parent.
 */
bool cdp_dev_faces_wire(struct net_device *dev)
{
	struct net_device *m;

	if (cdp_dev_is_upper(dev))
		return false;
	if (dev->dev.parent)
		return true;
	/* The master link, not IFF_SLAVE (set only after the NETDEV_CHANGEUPPER
	 * that links a bond's slave). */
	m = netdev_master_upper_dev_get(dev);
	return m && (netif_is_bond_master(m) || netif_is_team_master(m));
}

/*
 * Under RTNL: what @dev's advertisement says, and whether it can send one.
 * The addresses are its own, else its master's (a bond slave, a bridge
 * port), else its master's master. The link settings (duplex) only with
 * @link: some drivers ask their firmware for them.
 */
void cdp_dev_tx_info(struct net_device *dev, struct cdp_tx_info *t, bool link)
{
	struct ethtool_link_ksettings ks;
	struct in_device *in = __in_dev_get_rtnl(dev);
	struct inet6_dev *in6 = __in6_dev_get(dev);
	struct net_device *m;
	int depth;

	memset(t, 0, sizeof(*t));
	t->can_send = dev->type == ARPHRD_ETHER && dev->addr_len == ETH_ALEN &&
		      !(dev->flags & IFF_LOOPBACK) && netif_running(dev) &&
		      netif_carrier_ok(dev);
	t->faces_wire = cdp_dev_faces_wire(dev);
	t->bridge_port = netif_is_bridge_port(dev);
	t->mtu = dev->mtu;
	/* A bond or team port may carry its master's address: its own
	 * permanent one, where the driver has one, tells the ports apart. */
	if ((netif_is_bond_slave(dev) || netif_is_team_port(dev)) &&
	    is_valid_ether_addr(dev->perm_addr))
		memcpy(t->mac, dev->perm_addr, ETH_ALEN);
	else
		memcpy(t->mac, dev->dev_addr, ETH_ALEN);
	t->forwarding = (in && IN_DEV_FORWARD(in)) ||
			(in6 && READ_ONCE(in6->cnf.forwarding));
	t->duplex = -1;
	if (link && !__ethtool_get_link_ksettings(dev, &ks)) {
		if (ks.base.duplex == DUPLEX_FULL)
			t->duplex = 1;
		else if (ks.base.duplex == DUPLEX_HALF)
			t->duplex = 0;
	}
	cdp_addrs_of(dev, t);
	for (m = dev, depth = 0; depth < 2; depth++) {
		m = netdev_master_upper_dev_get(m);
		if (!m)
			break;
		t->upper[depth] = m->ifindex;
		cdp_addrs_of(m, t);
	}
}

/* The MTU, as the stack writes it (WRITE_ONCE in dev_set_mtu). */
unsigned int cdp_dev_mtu(const struct net_device *dev)
{
	return READ_ONCE(dev->mtu);
}

/*
 * The address notifiers (src/sys/notifier.rs): IPv4's chain is blocking
 * (called under RTNL), IPv6's atomic (under RCU, possibly in softirq):
 * cdp_rs's callback only marks and queues. Without IPv6 in the kernel
 * there is no IPv6 chain, and nothing to register.
 */
int cdp_register_addr_notifier(struct notifier_block *nb, bool v6)
{
	if (!v6)
		return register_inetaddr_notifier(nb);
#if IS_ENABLED(CONFIG_IPV6)
	return register_inet6addr_notifier(nb);
#else
	return 0;
#endif
}

/* Waits for callbacks in progress: the blocking chain's unregistration
 * takes its rwsem for writing, the atomic chain's calls synchronize_rcu(). */
void cdp_unregister_addr_notifier(struct notifier_block *nb, bool v6)
{
	if (!v6) {
		unregister_inetaddr_notifier(nb);
		return;
	}
#if IS_ENABLED(CONFIG_IPV6)
	unregister_inet6addr_notifier(nb);
#endif
}

/* The device of an address event: @ptr is a struct in_ifaddr (IPv4) or
 * struct inet6_ifaddr (IPv6), whose in_device/inet6_dev holds a reference
 * to the device for the duration of the call. */
struct net_device *cdp_addr_event_dev(void *ptr, bool v6)
{
	if (!v6) {
		const struct in_ifaddr *ifa = ptr;

		return ifa && ifa->ifa_dev ? ifa->ifa_dev->dev : NULL;
	}
#if IS_ENABLED(CONFIG_IPV6)
	{
		const struct inet6_ifaddr *ifp = ptr;

		return ifp && ifp->idev ? ifp->idev->dev : NULL;
	}
#else
	return NULL;
#endif
}

/* Process context: sends the whole frame @frame (Ethernet header on) on
 * @dev. 0 when the device took it, a negative errno otherwise (-ENOMEM when
 * no skb could be allocated). */
int cdp_dev_xmit(struct net_device *dev, const u8 *frame, unsigned int len)
{
	unsigned int hlen = LL_RESERVED_SPACE(dev);
	struct sk_buff *skb;
	int rc;

	skb = alloc_skb(hlen + len + dev->needed_tailroom, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, hlen);
	skb_reset_mac_header(skb);
	skb_put_data(skb, frame, len);
	skb_set_network_header(skb, ETH_HLEN);
	skb->dev = dev;
	skb->protocol = htons(ETH_P_802_2);
	skb->priority = TC_PRIO_CONTROL;
	/* net_xmit_eval() evaluates its argument twice. */
	rc = dev_queue_xmit(skb);
	rc = net_xmit_eval(rc);
	return rc > 0 ? -ENOBUFS : rc;
}
