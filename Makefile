# SPDX-License-Identifier: GPL-2.0
#
# vpart: out-of-tree front end. In a kernel tree, Kbuild + Kconfig are used
# directly and this file is not read (Kbuild wins over Makefile there too).
#
#   make [KDIR=...] [W=1] [C=1]   modules + userspace tools
#   make check                    every test suite (see scripts/check)
#   make kunit | bench | fuzz     one part of it
#   make demo                     set up, build, boot a Debian guest under vpart (in Bochs)

# The running kernel's headers, else the newest installed ones.
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
		    $(lastword $(sort $(wildcard /lib/modules/*/build))))
ifeq ($(KDIR),)
$(error no kernel headers found: install linux-headers-$(shell uname -r) or pass KDIR=)
endif

# Our symbols, from Kconfig: defaults, or CONFIG_VPART_*=... given to make.
VPART_OVERRIDES := $(foreach v,$(filter CONFIG_VPART%,$(.VARIABLES)),\
		     $(if $(filter command line,$(origin $(v))),$(v)=$($(v))))
vpart_config = $(shell $(CURDIR)/scripts/kconfig-defaults $(CURDIR)/Kconfig \
		 $(KDIR)/include/config/auto.conf $(VPART_OVERRIDES) || echo FAILED)
vpart_defines = $(patsubst %=y,-D%=1,$(filter %=y,$(1))) \
		$(patsubst %=m,-D%_MODULE=1,$(filter %=m,$(1)))

.PHONY: all modules userspace clean check kunit bench fuzz checkpatch demo help

all: modules userspace

modules:
	@test -f $(KDIR)/include/config/auto.conf || \
	  { echo "KDIR=$(KDIR) is not a configured kernel tree"; exit 1; }
	$(eval cfg := $(vpart_config))
	@case "$(cfg)" in *FAILED*) echo "Kconfig cannot be satisfied by $(KDIR)"; exit 1;; esac
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(cfg) \
		KCPPFLAGS="$(call vpart_defines,$(cfg))" modules

userspace:
	$(MAKE) -C userspace
	$(MAKE) -C tests/ring
	$(MAKE) -C tests/insn

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C userspace clean
	$(MAKE) -C tests/ring clean
	$(MAKE) -C tests/insn clean

check:
	scripts/check

demo:
	scripts/setup
	scripts/demo

kunit:
	scripts/kunit-run

bench:
	$(MAKE) -C tests/ring bench
	scripts/exit-bench
	scripts/boot-bench
	scripts/vmbus-bench
	scripts/storvsp-bench
	scripts/netvsp-bench
	scripts/netvsp-bench --bochs
	scripts/storage-bench

fuzz:
	$(MAKE) -C tests/ring fuzz FUZZ_SECONDS=$(or $(FUZZ_SECONDS),600)
	$(MAKE) -C tests/insn fuzz FUZZ_SECONDS=$(or $(FUZZ_SECONDS),600)
	$(MAKE) -C tests/vmbus fuzz FUZZ_SECONDS=$(or $(FUZZ_SECONDS),600)
	$(MAKE) -C tests/storvsp fuzz FUZZ_SECONDS=$(or $(FUZZ_SECONDS),600)
	$(MAKE) -C tests/netvsp fuzz FUZZ_SECONDS=$(or $(FUZZ_SECONDS),600)

checkpatch:
	scripts/checkpatch

help:
	@sed -n '3,9p' Makefile
