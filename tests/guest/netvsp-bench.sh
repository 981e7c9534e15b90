# SPDX-License-Identifier: GPL-2.0
# Network VSP against a veth pair in the CI kernel (QEMU), run by
# scripts/netvsp-bench: vpart_netvsp_bench.ko measures both on load.
. /lib.sh
M=/modules
for m in vpart vpart_vmbus vpart_netvsp; do
	check "load $m for the network benchmark" insmod $M/$m.ko
done
check "veth pair" ip link add vb0 type veth peer name vb1
ip link set vb0 up
ip link set vb1 up
check "network benchmark" insmod $M/vpart_netvsp_bench.ko npkt=${n:-20000} veth=vb0
dmesg | sed -n 's/.*\(VPART-BENCH .*\)$/\1/p'
check "unload the benchmark" rmmod vpart_netvsp_bench
check "its netdev went" test ! -e /sys/class/net/vpbench0
check "no kernel warnings" kernel_clean
exit $fails
