# SPDX-License-Identifier: GPL-2.0
# Host (Bochs L1) side of the network test, sourced by vmx-smoke.sh in the
# stock run: two NICs for the guest (tests/guest/net-guest.sh), vpn0 in a
# bridge with a veth into namespace ns1, vpn1 addressed on the host; pings
# both ways, a TCP file each way with its md5 checked, link down/up and a
# hot-added NIC. iproute2 is Debian's (/usr/sbin/ip, for netns); bridge,
# veth and their dependencies are loaded from /modules/host-net.order.
IP=/usr/sbin/ip
N=/tmp/net
MAC2=02:00:5e:10:00:0c
NETBYTES=524288

net_setup() {
	while read -r m; do
		insmod "/modules/$m" || echo "insmod $m failed"
	done < /modules/host-net.order
	check "net: load vpart_netvsp" insmod /modules/vpart_netvsp.ko
	mkdir -p $N /run
	run_refuses "--nic with a bad name" 2 "bad interface name" \
		--kernel /guest/vmlinuz --nic 'a/b'
	run_refuses "--nic with a multicast MAC" 2 "bad mac" \
		--kernel /guest/vmlinuz --nic vpx,mac=01:00:5e:00:00:01
	run_refuses "--nic with MTU 9001" 2 "bad mtu" --kernel /guest/vmlinuz --nic vpx,mtu=9001
	run_refuses "--nic twice with one name" 2 "given twice" \
		--kernel /guest/vmlinuz --nic vpx --nic vpx
	check "net: bridge br0" $IP link add br0 type bridge
	check "net: veth pair" $IP link add veth0 type veth peer name veth1
	check "net: namespace ns1" $IP netns add ns1
	check "net: veth1 into ns1" $IP link set veth1 netns ns1
	$IP link set veth0 master br0
	$IP link set veth0 up
	$IP link set br0 up
	$IP netns exec ns1 $IP addr add 10.0.0.1/24 dev veth1
	$IP netns exec ns1 $IP link set veth1 up
	$IP netns exec ns1 $IP link set lo up
	VP_NICS="--nic vpn0,mac=02:00:5e:10:00:0a --nic vpn1,mac=02:00:5e:10:00:0b,mtu=9000"
}

md5() { md5sum < "$1" | cut -d' ' -f1; }

# Called by boot_linux while the guest runs ($name, $out, waitmark, fd 7 are its).
net_during() {
	check "$name: guest probed its NICs" waitmark VPART-NET-PROBED 1200
	check "net: vpn0 exists on the host" test -d /sys/class/net/vpn0
	check "net: vpn1 has MTU 9000" sh -c '[ "$(cat /sys/class/net/vpn1/mtu)" = 9000 ]'
	check "net: vpn0 joins the bridge" $IP link set vpn0 master br0
	check "net: vpn0 up" $IP link set vpn0 up
	$IP addr add 10.0.1.1/24 dev vpn1
	check "net: vpn1 up" $IP link set vpn1 up
	echo links-up >&7
	check "$name: guest sees carrier on both NICs" waitmark VPART-NET-UP 600
	check "net: vpn0 carrier on while the guest's NIC is up" \
		sh -c '[ "$(cat /sys/class/net/vpn0/carrier)" = 1 ]'
	check "net: ns1 pings the guest through the bridge" \
		$IP netns exec ns1 ping -c 3 -W 10 10.0.0.2
	check "net: the host pings the guest on vpn1" ping -c 3 -W 10 10.0.1.2
	echo net-go >&7
	check "$name: guest serves a file and listens for one" waitmark VPART-NET-LISTEN 900
	check "net: 8000-byte ping from the host to the guest over vpn1" \
		ping -c 2 -W 10 -s 8000 10.0.1.2
	rxp=$(cat /sys/class/net/vpn0/statistics/rx_packets)
	rxb=$(cat /sys/class/net/vpn0/statistics/rx_bytes)
	check "net: ns1 fetches the guest's file over HTTP" \
		$IP netns exec ns1 wget -q -O $N/rx.bin http://10.0.0.2:8080/tx.bin
	rxp=$(($(cat /sys/class/net/vpn0/statistics/rx_packets) - rxp))
	rxb=$(($(cat /sys/class/net/vpn0/statistics/rx_bytes) - rxb))
	echo "vpn0 received $rxb bytes in $rxp frames during the guest's send"
	check "net: the guest's TCP send came as large (LSO) frames, not MTU-sized ones" \
		sh -c "[ $rxp -gt 0 ] && [ \$(($rxb / $rxp)) -gt 1600 ]"
	sum=$(sed -n 's/^VPART-NET-MD5 \([0-9a-f]*\).*/\1/p' "$out" | head -1)
	check "net: the guest's file arrived whole in ns1" \
		sh -c "[ \"\$(wc -c < $N/rx.bin)\" = $NETBYTES ]"
	check "net: with the md5 the guest computed" [ "$(md5 $N/rx.bin)" = "$sum" ]
	head -c $NETBYTES /dev/urandom > $N/tx.bin
	check "net: TCP send of a file from ns1 to the guest" \
		$IP netns exec ns1 nc 10.0.0.2 5002 < $N/tx.bin
	md5 $N/tx.bin >&7
	check "$name: guest ready for the link test" waitmark VPART-NET-LINKTEST 600
	check "net: ip link set vpn0 down" $IP link set vpn0 down
	check "$name: guest saw its carrier go" waitmark VPART-LINK-DOWN-SEEN 600
	check "net: ip link set vpn0 up" $IP link set vpn0 up
	check "$name: guest saw its carrier come back" waitmark VPART-LINK-UP-SEEN 600
	check "$name: guest asks for a hot NIC" waitmark VPART-NET-HOTADD 600
	hot=$(vpart nic add "$name" vpn2,mac=$MAC2)
	check "$name: vpart nic add while the guest runs" [ -n "$hot" ]
	check "net: the hot NIC's host netdev exists" test -d /sys/class/net/vpn2
	check "$name: vpart nic refuses a name in use" sh -c \
		"! vpart nic add $name vpn2 2>/dev/null"
	check "$name: guest saw the hot NIC" waitmark VPART-NIC-HOT-SEEN 900
	check "$name: vpart nic remove by name" vpart nic remove "$name" vpn2
	check "net: the hot NIC's netdev goes" wait_for 300 sh -c '[ ! -e /sys/class/net/vpn2 ]'
	check "$name: vpart nic refuses an unknown NIC" sh -c \
		"! vpart nic remove $name vpn2 2>/dev/null"
	check "$name: guest finished its network checks" waitmark VPART-NET-DONE 900
	$IP -s link show vpn0
	$IP -s link show vpn1
}

# After the guest powered off: the netdevs went with it.
net_after() {
	check "net: vpn0 and vpn1 went with the VM" \
		sh -c '[ ! -e /sys/class/net/vpn0 ] && [ ! -e /sys/class/net/vpn1 ]'
	$IP netns del ns1
	$IP link del br0
	check "net: unload vpart_netvsp" rmmod vpart_netvsp
}
