# SPDX-License-Identifier: GPL-2.0
# Runs INSIDE a Linux guest of vpart, sourced by linux-guest.sh when the
# guest has Debian's hv_netvsc: the NICs the host gave with --nic
# (tests/guest/net-host.sh) through the unmodified netvsc.
#   NIC0  02:00:5e:10:00:0a, 10.0.0.2/24: bridged on the host to a veth in
#         namespace ns1 (10.0.0.1)
#   NIC1  02:00:5e:10:00:0b, 10.0.1.2/24: the host itself is 10.0.1.1
#   NIC2  02:00:5e:10:00:0c: hot-added and removed by the host
# Markers: VPART-NET-PROBED (the host brings its links up and types a
# line), VPART-NET-UP (the host pings, then types "net-go"),
# VPART-NET-MD5, VPART-NET-LISTEN (the host fetches our file over HTTP,
# sends one with nc, then types its md5), VPART-NET-LINKTEST (link down,
# up), VPART-NET-HOTADD,
# VPART-NIC-HOT-SEEN, VPART-NET-DONE.
MAC0=02:00:5e:10:00:0a
MAC1=02:00:5e:10:00:0b
MAC2=02:00:5e:10:00:0c
NETBYTES=524288

# ifc MAC: the interface with that address.
ifc() {
	for d in /sys/class/net/*; do
		if [ "$(cat "$d/address")" = "$1" ]; then
			echo "${d##*/}"
			return 0
		fi
	done
	return 1
}
no_ifc() { ! ifc "$1" > /dev/null; }
carrier() { [ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = "$2" ]; }
driver() { basename "$(readlink "/sys/class/net/$1/device/driver")"; }

[ -f /modules/hv_netvsc.ko ] && check "guest: hv_netvsc loads" insmod /modules/hv_netvsc.ko
check "guest: netvsc brings up the NIC with the configured MAC" wait_for 120 ifc $MAC0
check "guest: and the second NIC" wait_for 60 ifc $MAC1
e0=$(ifc $MAC0)
e1=$(ifc $MAC1)
echo "NICs: $e0 $e1"
check "guest: $e0 is driven by hv_netvsc" [ "$(driver "$e0")" = hv_netvsc ]
dmesg | grep -i netvsc
ip link set lo up
ip addr add 10.0.0.2/24 dev "$e0"
ip addr add 10.0.1.2/24 dev "$e1"
check "guest: $e0 up" ip link set "$e0" up
check "guest: $e1 up" ip link set "$e1" up
echo "VPART-NET-PROBED"
read -r -t 600 go
check "guest: the host brought its links up" [ "$go" = links-up ]
check "guest: carrier on $e0" wait_for 120 carrier "$e0" 1
check "guest: carrier on $e1" wait_for 60 carrier "$e1" 1
echo "VPART-NET-UP"
read -r -t 900 go
check "guest: the host pinged us" [ "$go" = net-go ]
check "guest: ping the namespace through the host bridge" ping -c 3 -W 10 10.0.0.1
check "guest: ping the host on the second NIC" ping -c 3 -W 10 10.0.1.1
# Jumbo frames on the second NIC (the host's side has MTU 9000).
check "guest: MTU 9000 on $e1" ip link set "$e1" mtu 9000
check "guest: 8000-byte ping to the host on the second NIC" ping -c 2 -W 10 -s 8000 10.0.1.1
# A file for the namespace to fetch: httpd sends it with sendfile, in
# large TCP sends that netvsc hands over as LSO frames.
mkdir -p /tmp/www
head -c $NETBYTES /dev/urandom > /tmp/www/tx.bin
echo "VPART-NET-MD5 $(md5sum < /tmp/www/tx.bin | cut -d' ' -f1)"
check "guest: httpd serves the file" httpd -p 8080 -h /tmp/www
(sleep 900 | nc -l -p 5002 > /tmp/rx.bin) &
sleep 1
echo "VPART-NET-LISTEN"
read -r -t 900 md5
size_ok() { [ "$(wc -c < /tmp/rx.bin)" = $NETBYTES ]; }
check "guest: the namespace's file arrived whole" wait_for 120 size_ok
check "guest: and with the md5 the host sent" [ "$(md5sum < /tmp/rx.bin | cut -d' ' -f1)" = "$md5" ]
echo "VPART-NET-LINKTEST"
check "guest: carrier off after the host's link down" wait_for 300 carrier "$e0" 0
echo "VPART-LINK-DOWN-SEEN"
check "guest: carrier back after the host's link up" wait_for 300 carrier "$e0" 1
echo "VPART-LINK-UP-SEEN"
check "guest: ping the namespace after the link came back" ping -c 3 -W 10 10.0.0.1
echo "VPART-NET-HOTADD"
check "guest: the hot-added NIC appears" wait_for 600 ifc $MAC2
echo "VPART-NIC-HOT-SEEN"
check "guest: the removed NIC goes" wait_for 600 no_ifc $MAC2
echo "VPART-NET-DONE"
