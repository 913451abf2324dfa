// SPDX-License-Identifier: GPL-2.0
/*
 * cdp_rs: the cdp generic netlink family. Its policies, ops and multicast
 * groups are generated from src/netlink/cdp.yaml by the kernel's ynl-gen-c
 * (scripts/nl-gen); the generator writes the family struct itself only for
 * the plain "genetlink" protocol, and this spec needs genetlink-legacy for
 * GENL_UNS_ADMIN_PERM, so the struct is here, with the generated source
 * included for its static tables. The handlers are Rust (src/nl.rs, through
 * src/sys/genl.rs). The rest are accessors for the genetlink API's static
 * inlines and macros, in the style of src/helpers.c.
 */

#include "cdp-nl-gen.c"
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/sock.h>
#include "sys/helpers.h"

struct genl_family cdp_nl_family __ro_after_init = {
	.name		= CDP_FAMILY_NAME,
	.version	= CDP_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= cdp_nl_ops,
	.n_split_ops	= ARRAY_SIZE(cdp_nl_ops),
	.mcgrps		= cdp_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(cdp_nl_mcgrps),
};

int cdp_genl_register(void)
{
	return genl_register_family(&cdp_nl_family);
}

void cdp_genl_unregister(void)
{
	genl_unregister_family(&cdp_nl_family);
}

bool cdp_genl_has_listeners(struct net *net)
{
	return genl_has_listeners(&cdp_nl_family, net, CDP_NLGRP_MONITOR);
}

void cdp_genl_report_loss(struct net *net)
{
	genl_set_err(&cdp_nl_family, net, 0, CDP_NLGRP_MONITOR, ENOBUFS);
}

struct sk_buff *cdp_genl_new(size_t size, bool atomic)
{
	return genlmsg_new(size, atomic ? GFP_ATOMIC : GFP_KERNEL);
}

void cdp_genl_free(struct sk_buff *skb)
{
	nlmsg_free(skb);
}

/* Starts a message; returns the offset of its netlink header in the skb. */
int cdp_genl_put(struct sk_buff *skb, u32 portid, u32 seq, int flags, u8 cmd)
{
	void *hdr = genlmsg_put(skb, portid, seq, &cdp_nl_family, flags, cmd);

	if (!hdr)
		return -EMSGSIZE;
	return (unsigned char *)hdr - GENL_HDRLEN - NLMSG_HDRLEN - skb->data;
}

void cdp_genl_end(struct sk_buff *skb, int off)
{
	nlmsg_end(skb, (struct nlmsghdr *)(skb->data + off));
}

void cdp_genl_cancel(struct sk_buff *skb, int off)
{
	nlmsg_cancel(skb, (struct nlmsghdr *)(skb->data + off));
}

int cdp_genl_reply(struct sk_buff *skb, struct genl_info *info)
{
	return genlmsg_reply(skb, info);
}

int cdp_genl_multicast(struct net *net, struct sk_buff *skb)
{
	return genlmsg_multicast_netns(&cdp_nl_family, net, skb, 0,
				       CDP_NLGRP_MONITOR, GFP_ATOMIC);
}

int cdp_nla_put(struct sk_buff *skb, int type, int len, const void *data)
{
	return nla_put(skb, type, len, data);
}

/* Opens a nested attribute; returns its offset in the skb. */
int cdp_nla_nest_start(struct sk_buff *skb, int type)
{
	struct nlattr *start = nla_nest_start(skb, type);

	if (!start)
		return -EMSGSIZE;
	return (unsigned char *)start - skb->data;
}

void cdp_nla_nest_end(struct sk_buff *skb, int off)
{
	nla_nest_end(skb, (struct nlattr *)(skb->data + off));
}

u32 cdp_genl_info_portid(const struct genl_info *info)
{
	return info->snd_portid;
}

u32 cdp_genl_info_seq(const struct genl_info *info)
{
	return info->snd_seq;
}

struct net *cdp_genl_info_net(const struct genl_info *info)
{
	return genl_info_net(info);
}

/*
 * The payload of attribute @type of a request whose op's policy has
 * @maxattr (the attrs array has maxattr + 1 entries), or NULL.
 */
const void *cdp_genl_attr(const struct genl_info *info, int maxattr, int type,
			  int *len)
{
	const struct nlattr *a;

	if (!info->attrs || type < 0 || type > maxattr)
		return NULL;
	a = info->attrs[type];
	if (!a)
		return NULL;
	*len = nla_len(a);
	return nla_data(a);
}

/* Reports @type missing in extack; false if it is there. */
bool cdp_genl_attr_missing(const struct genl_info *info, int maxattr, int type)
{
	if (!info->attrs || type < 0 || type > maxattr)
		return true;
	return GENL_REQ_ATTR_CHECK(info, type);
}

/* @msg must be static: extack keeps the pointer. */
void cdp_genl_set_err_msg(const struct genl_info *info, const char *msg)
{
	/* NL_SET_ERR_MSG() wants a literal; this is what it stores. */
	if (info->extack)
		info->extack->_msg = msg;
}

s64 cdp_cb_arg(const struct netlink_callback *cb, int i)
{
	return cb->args[i];
}

void cdp_cb_set_arg(struct netlink_callback *cb, int i, s64 v)
{
	cb->args[i] = v;
}

u32 cdp_cb_portid(const struct netlink_callback *cb)
{
	return NETLINK_CB(cb->skb).portid;
}

u32 cdp_cb_seq(const struct netlink_callback *cb)
{
	return cb->nlh->nlmsg_seq;
}

struct net *cdp_cb_net(const struct netlink_callback *cb)
{
	return sock_net(cb->skb->sk);
}

/*
 * The first device of @net with an ifindex of at least *@ifindex: its
 * ifindex goes to *@ifindex and its name to @name (IFNAMSIZ bytes). False
 * when there is none. RTNL held: no rename meanwhile.
 */
bool cdp_netdev_find(struct net *net, unsigned long *ifindex, char *name)
{
	struct net_device *dev;
	unsigned long idx = *ifindex;

	ASSERT_RTNL();
	dev = xa_find(&net->dev_by_index, &idx, INT_MAX, XA_PRESENT);
	if (!dev)
		return false;
	strscpy(name, dev->name, IFNAMSIZ);
	*ifindex = idx;
	return true;
}
