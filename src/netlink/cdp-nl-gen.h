/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	src/netlink/cdp.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_CDP_GEN_H
#define _LINUX_CDP_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/cdp.h>

/* Ops table for cdp */
extern const struct genl_split_ops cdp_nl_ops[9];

int cdp_nl_neigh_get_doit(struct sk_buff *skb, struct genl_info *info);
int cdp_nl_neigh_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int cdp_nl_iface_get_doit(struct sk_buff *skb, struct genl_info *info);
int cdp_nl_iface_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int cdp_nl_iface_set_doit(struct sk_buff *skb, struct genl_info *info);
int cdp_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info);
int cdp_nl_neigh_clear_doit(struct sk_buff *skb, struct genl_info *info);
int cdp_nl_stats_clear_doit(struct sk_buff *skb, struct genl_info *info);
int cdp_nl_global_set_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	CDP_NLGRP_MONITOR,
};

#endif /* _LINUX_CDP_GEN_H */
