# SPDX-License-Identifier: GPL-2.0
# The demo (`make demo`, inside Bochs): load vpart.ko and boot Debian's
# kernel under `vpart run` with 2 vCPUs; its console is ours.
. /lib.sh
check "load vpart" insmod /modules/vpart.ko
vpart run --kernel /guest/vmlinuz --initrd /guest/initrd.gz --cpus 2 --memory 256M \
	--cmdline "console=ttyS0 quiet" < /dev/null
rc=$?
check "vpart run ended with the guest's power-off (status 0)" [ "$rc" = 0 ]
exit $fails
