/* SPDX-License-Identifier: GPL-2.0 */
/* cdp_rs: C helpers for static-inline and macro-only kernel functions. */
#ifndef CDP_RS_HELPERS_H
#define CDP_RS_HELPERS_H

#include <linux/types.h>

struct sk_buff;
struct net_device;
struct net;
struct timer_list;

unsigned int cdp_param_max_neighbors(void);
bool cdp_param_log_rejects(void);
unsigned short cdp_param_proc_mode(void);
bool cdp_param_lock_stats(void);
int cdp_params_check(void);
bool cdp_param_rx_default(void);
u32 cdp_param_rx_flags(void);
u64 cdp_ktime_ns(void);

void cdp_consume_skb(struct sk_buff *skb);
const void *cdp_skb_header_pointer(const struct sk_buff *skb, int offset,
				   int len, void *buffer);
int cdp_skb_mac_offset(const struct sk_buff *skb);
int cdp_skb_vlan_id(const struct sk_buff *skb);
int cdp_dev_vlan_id(const struct net_device *dev);
bool cdp_dev_is_bridge_master(const struct net_device *dev);
bool cdp_dev_is_bridge_port(const struct net_device *dev);
bool cdp_dev_is_bond_master(const struct net_device *dev);
bool cdp_dev_is_bond_slave(const struct net_device *dev);
bool cdp_dev_is_vlan_on_bridge_port(const struct net_device *dev);
int cdp_skb_tagged_llc_vid(const struct sk_buff *skb);
unsigned long cdp_local_irq_save(void);
void cdp_local_irq_restore(unsigned long flags);
void cdp_init_work(struct work_struct *work, void (*func)(struct work_struct *));
bool cdp_schedule_work(struct work_struct *work);
struct mem_cgroup;
struct mem_cgroup *cdp_memcg_get_current(void);
void cdp_memcg_put(struct mem_cgroup *memcg);
struct mem_cgroup *cdp_set_active_memcg(struct mem_cgroup *memcg);
bool cdp_dev_has_bond_master(const struct net_device *dev);
bool cdp_dev_has_bridge_master(const struct net_device *dev);
__be16 cdp_skb_protocol(const struct sk_buff *skb);
u8 cdp_skb_pkt_type(const struct sk_buff *skb);
struct net_device *cdp_bridge_fdb_port(struct net_device *br, const u8 *addr,
				       const u16 *vids, unsigned int n);
void cdp_dev_copy_name(const struct net_device *dev, char *buf);
struct net *cdp_dev_net(const struct net_device *dev);
void *cdp_net_generic(const struct net *net, unsigned int id);
bool cdp_net_is_init(const struct net *net);
struct net *cdp_get_current_net(void);
void cdp_put_net(struct net *net);
struct proc_dir_entry;
struct proc_ops;
struct inode;
struct proc_dir_entry *cdp_proc_net_mkdir(struct net *net, const char *name);
struct proc_dir_entry *cdp_proc_net_create(struct net *net, const char *name,
					   umode_t mode,
					   struct proc_dir_entry *dir,
					   const struct proc_ops *ops);
struct net *cdp_proc_get_net(const struct inode *inode);
u64 cdp_now_ms(void);
unsigned long cdp_msecs_to_jiffies_from_now(unsigned int ms);
void cdp_timer_setup(struct timer_list *timer,
		     void (*fn)(struct timer_list *));
void cdp_local_bh_disable(void);
void cdp_local_bh_enable(void);

/* Transmission. */
struct cdp_tx_info {
	u8 mac[6];
	u8 v4[4];
	u8 v6[16];
	u32 mtu;
	s8 duplex; /* 1 full, 0 half, -1 unknown */
	bool has_v4;
	bool has_v6;
	bool can_send; /* Ethernet, not loopback, up, with carrier */
	bool faces_wire; /* a NIC, or a bond or team port: cdp_dev_faces_wire() */
	bool bridge_port;
	bool forwarding;
	/* Only tentative global IPv6 addresses (DAD running): look again. */
	bool v6_tentative;
	/* The ifindexes of its master and its master's master (0: none),
	 * whose addresses it may advertise. */
	int upper[2];
};
bool cdp_param_tx_default(void);
unsigned int cdp_param_tx_interval(void);
unsigned int cdp_param_tx_holdtime(void);
void cdp_tx_set_ready(bool ready);
void cdp_for_each_net_rcu(void (*fn)(struct net *net, void *arg), void *arg);
void cdp_for_each_net(void (*fn)(struct net *net, void *arg), void *arg);
void cdp_uts(char *nodename, char *release, char *version, size_t len);
bool cdp_dev_is_upper(const struct net_device *dev);
bool cdp_dev_faces_wire(struct net_device *dev);
void cdp_dev_tx_info(struct net_device *dev, struct cdp_tx_info *t, bool link);
int cdp_dev_xmit(struct net_device *dev, const u8 *frame, unsigned int len);
unsigned int cdp_dev_mtu(const struct net_device *dev);
struct notifier_block;
int cdp_register_addr_notifier(struct notifier_block *nb, bool v6);
void cdp_unregister_addr_notifier(struct notifier_block *nb, bool v6);
struct net_device *cdp_addr_event_dev(void *ptr, bool v6);

/* The cdp generic netlink family (src/netlink/family.c). */
struct genl_info;
struct netlink_callback;
int cdp_genl_register(void);
void cdp_genl_unregister(void);
bool cdp_genl_has_listeners(struct net *net);
void cdp_genl_report_loss(struct net *net);
struct sk_buff *cdp_genl_new(size_t size, bool atomic);
void cdp_genl_free(struct sk_buff *skb);
int cdp_genl_put(struct sk_buff *skb, u32 portid, u32 seq, int flags, u8 cmd);
void cdp_genl_end(struct sk_buff *skb, int off);
void cdp_genl_cancel(struct sk_buff *skb, int off);
int cdp_genl_reply(struct sk_buff *skb, struct genl_info *info);
int cdp_genl_multicast(struct net *net, struct sk_buff *skb);
int cdp_nla_put(struct sk_buff *skb, int type, int len, const void *data);
int cdp_nla_nest_start(struct sk_buff *skb, int type);
void cdp_nla_nest_end(struct sk_buff *skb, int off);
u32 cdp_genl_info_portid(const struct genl_info *info);
u32 cdp_genl_info_seq(const struct genl_info *info);
struct net *cdp_genl_info_net(const struct genl_info *info);
const void *cdp_genl_attr(const struct genl_info *info, int maxattr, int type,
			  int *len);
bool cdp_genl_attr_missing(const struct genl_info *info, int maxattr, int type);
void cdp_genl_set_err_msg(const struct genl_info *info, const char *msg);
s64 cdp_cb_arg(const struct netlink_callback *cb, int i);
void cdp_cb_set_arg(struct netlink_callback *cb, int i, s64 v);
u32 cdp_cb_portid(const struct netlink_callback *cb);
u32 cdp_cb_seq(const struct netlink_callback *cb);
struct net *cdp_cb_net(const struct netlink_callback *cb);
bool cdp_netdev_find(struct net *net, unsigned long *ifindex, char *name);

#endif
