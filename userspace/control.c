// SPDX-License-Identifier: GPL-2.0
/*
 * Control socket of a running VM (protocol in control.h) and the client
 * commands built on it: `vpart ps`, `vpart stop`, `vpart device`.
 * Requests are served on a thread of their own, so a slow client never
 * holds up the vCPUs; the partition fd is used under vm->ctl_lock because
 * a guest reset replaces it.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "control.h"
#include "vm.h"
#include "vpart.h"

const char *vp_run_dir(void)
{
	const char *dir = getenv("VPART_RUN_DIR");

	if (!dir || !*dir) {
		dir = "/run/vpart";
		mkdir("/run", 0755);
	}
	mkdir(dir, 0700);
	return dir;
}

int vp_name_ok(const char *name)
{
	size_t i, n = strlen(name);

	if (!n || n >= VP_NAME_MAX || name[0] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("-_.", name[i]))
			return 0;
	return 1;
}

static int sock_addr(const char *name, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (snprintf(sa->sun_path, sizeof(sa->sun_path), "%s/%s.sock", vp_run_dir(), name) >=
	    (int)sizeof(sa->sun_path))
		return -1;
	return 0;
}

static int sock_connect(const char *name)
{
	struct sockaddr_un sa;
	int fd;

	if (sock_addr(name, &sa))
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

int vp_control_listen(const char *name)
{
	struct sockaddr_un sa;
	int fd, other;

	if (sock_addr(name, &sa))
		return -1;
	other = sock_connect(name);
	if (other >= 0) {
		close(other);
		fprintf(stderr, "vpart: a VM named %s is running already\n", name);
		return -1;
	}
	unlink(sa.sun_path);	/* left by a worker that died */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 8)) {
		fprintf(stderr, "vpart: cannot listen on %s: %s\n", sa.sun_path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

void vp_control_stop(const char *name, int fd)
{
	struct sockaddr_un sa;

	if (fd < 0)
		return;
	if (!sock_addr(name, &sa))
		unlink(sa.sun_path);
	close(fd);
}

static const char *const hb_names[] = { "none", "waiting", "ok", "lost" };
static const char *const sd_names[] = { "none", "sent", "accepted", "refused" };

static void answer_status(struct vm *vm, FILE *f)
{
	struct vpart_vmbus_status st = { 0 };
	int have;

	pthread_mutex_lock(&vm->ctl_lock);
	have = vm->part >= 0 && !ioctl(vm->part, VPART_VMBUS_GET_STATUS, &st);
	pthread_mutex_unlock(&vm->ctl_lock);
	fprintf(f, "name %s\npid %d\ncpus %u\nmemory_mib %llu\n", vm->name, (int)getpid(),
		vm->ncpus, (unsigned long long)(vm->memory >> 20));
	if (!have) {
		fprintf(f, "vmbus none\nheartbeat none\n");
		return;
	}
	fprintf(f, "vmbus %u.%u\nheartbeat %s\nheartbeat_seq %llu\nheartbeat_age_ms %llu\n"
		"shutdown %s\ndevices %u\nchannels_open %u\ntimesync_samples %u\n",
		st.version >> 16, st.version & 0xffff,
		hb_names[st.heartbeat < 4 ? st.heartbeat : 0],
		(unsigned long long)st.heartbeat_seq, (unsigned long long)st.heartbeat_age_ms,
		sd_names[st.shutdown < 4 ? st.shutdown : 0], st.devices, st.channels_open,
		st.timesync_samples);
}

/* One partition ioctl under the lock; -1 with errno when there is none. */
static int part_ioctl(struct vm *vm, unsigned long cmd, void *arg)
{
	int ret = -1;

	pthread_mutex_lock(&vm->ctl_lock);
	if (vm->part >= 0)
		ret = ioctl(vm->part, cmd, arg);
	else
		errno = ESRCH;
	pthread_mutex_unlock(&vm->ctl_lock);
	return ret;
}

/* disk-add SPEC: open it here, offer it now if the guest runs, keep it for reboots. */
static void answer_disk_add(struct vm *vm, const char *spec, FILE *f)
{
	struct vp_disk *d;
	char err[256];

	pthread_mutex_lock(&vm->ctl_lock);
	d = &vm->disks[vm->ndisks];
	if (vm->ndisks == VP_MAX_DISKS)
		snprintf(err, sizeof(err), "no more than %d disks", VP_MAX_DISKS);
	else if (vp_disk_parse(spec, d, err, sizeof(err)) || vp_disk_open(d, err, sizeof(err)))
		;
	else if (vm->disks_live && vp_disk_attach(vm->part, d, err, sizeof(err)))
		vp_disk_close(d);
	else
		err[0] = 0;
	if (err[0]) {
		fprintf(f, "error: %s\n", err);
	} else {
		vm->ndisks++;
		fprintf(f, "ok %u\n", d->id);
	}
	pthread_mutex_unlock(&vm->ctl_lock);
}

/* disk-remove ID|PATH: the guest loses the disk; the VSP lets go of the file. */
static void answer_disk_remove(struct vm *vm, const char *which, FILE *f)
{
	unsigned long id = strspn(which, "0123456789") == strlen(which) ?
			   strtoul(which, NULL, 10) : 0;
	unsigned int i;

	pthread_mutex_lock(&vm->ctl_lock);
	for (i = 0; i < vm->ndisks; i++)
		if ((id && vm->disks[i].id == id) || (!id && !strcmp(vm->disks[i].path, which)))
			break;
	if (i == vm->ndisks) {
		fprintf(f, "error: no such disk\n");
	} else if (vm->disks_live && vm->disks[i].id &&
		   ioctl(vm->part, VPART_VMBUS_REMOVE_DEVICE, (unsigned long)vm->disks[i].id)) {
		fprintf(f, "error: %s\n", strerror(errno));
	} else {
		vp_disk_close(&vm->disks[i]);
		memmove(&vm->disks[i], &vm->disks[i + 1],
			(vm->ndisks - i - 1) * sizeof(vm->disks[0]));
		vm->ndisks--;
		fprintf(f, "ok\n");
	}
	pthread_mutex_unlock(&vm->ctl_lock);
}

/* nic-add SPEC: offer it now if the guest runs, keep it for reboots. */
static void answer_nic_add(struct vm *vm, const char *spec, FILE *f)
{
	struct vp_nic *n;
	char err[256];
	unsigned int i;

	pthread_mutex_lock(&vm->ctl_lock);
	n = &vm->nics[vm->nnics];
	err[0] = 0;
	if (vm->nnics == VP_MAX_NICS)
		snprintf(err, sizeof(err), "no more than %d NICs", VP_MAX_NICS);
	else
		vp_nic_parse(spec, n, err, sizeof(err));
	for (i = 0; !err[0] && i < vm->nnics; i++)
		if (!strcmp(vm->nics[i].name, n->name))
			snprintf(err, sizeof(err), "the VM has a NIC %s", n->name);
	if (!err[0] && vm->disks_live)
		vp_nic_attach(vm->part, n, err, sizeof(err));
	if (err[0]) {
		fprintf(f, "error: %s\n", err);
	} else {
		vm->nnics++;
		fprintf(f, "ok %u\n", n->id);
	}
	pthread_mutex_unlock(&vm->ctl_lock);
}

/* nic-remove ID|IFNAME: the guest loses the NIC, the host its netdev. */
static void answer_nic_remove(struct vm *vm, const char *which, FILE *f)
{
	unsigned long id = strspn(which, "0123456789") == strlen(which) ?
			   strtoul(which, NULL, 10) : 0;
	unsigned int i;

	pthread_mutex_lock(&vm->ctl_lock);
	for (i = 0; i < vm->nnics; i++)
		if ((id && vm->nics[i].id == id) || (!id && !strcmp(vm->nics[i].name, which)))
			break;
	if (i == vm->nnics) {
		fprintf(f, "error: no such NIC\n");
	} else if (vm->disks_live && vm->nics[i].id &&
		   ioctl(vm->part, VPART_VMBUS_REMOVE_DEVICE, (unsigned long)vm->nics[i].id)) {
		fprintf(f, "error: %s\n", strerror(errno));
	} else {
		memmove(&vm->nics[i], &vm->nics[i + 1], (vm->nnics - i - 1) * sizeof(vm->nics[0]));
		vm->nnics--;
		fprintf(f, "ok\n");
	}
	pthread_mutex_unlock(&vm->ctl_lock);
}

static void answer(struct vm *vm, char *req, FILE *f)
{
	struct vpart_vmbus_shutdown sd = { .flags = VPART_SHUTDOWN_POWEROFF };
	struct vpart_vmbus_device d = { 0 };
	char *arg = strchr(req, ' ');
	unsigned long id;

	if (arg)
		*arg++ = 0;
	if (!strcmp(req, "status")) {
		answer_status(vm, f);
	} else if (!strcmp(req, "stop")) {
		if (arg && !strcmp(arg, "reboot"))
			sd.flags = VPART_SHUTDOWN_REBOOT;
		if (part_ioctl(vm, VPART_VMBUS_SHUTDOWN, &sd))
			fprintf(f, "error: %s\n", errno == EAGAIN ?
				"the guest runs no shutdown service" : strerror(errno));
		else
			fprintf(f, "ok\n");
	} else if (!strcmp(req, "add") && arg) {
		snprintf(d.class_name, sizeof(d.class_name), "%s", arg);
		if (part_ioctl(vm, VPART_VMBUS_ADD_DEVICE, &d))
			fprintf(f, "error: %s\n", errno == ENOENT ? "no such device class" :
				strerror(errno));
		else
			fprintf(f, "ok %u\n", d.id);
	} else if (!strcmp(req, "disk-add") && arg) {
		answer_disk_add(vm, arg, f);
	} else if (!strcmp(req, "disk-remove") && arg) {
		answer_disk_remove(vm, arg, f);
	} else if (!strcmp(req, "nic-add") && arg) {
		answer_nic_add(vm, arg, f);
	} else if (!strcmp(req, "nic-remove") && arg) {
		answer_nic_remove(vm, arg, f);
	} else if (!strcmp(req, "remove") && arg) {
		id = strtoul(arg, NULL, 10);
		if (part_ioctl(vm, VPART_VMBUS_REMOVE_DEVICE, (void *)id))
			fprintf(f, "error: %s\n", errno == ENOENT ? "no such device" :
				strerror(errno));
		else
			fprintf(f, "ok\n");
	} else {
		fprintf(f, "error: unknown request\n");
	}
}

static void *control_thread(void *arg)
{
	struct vm *vm = arg;
	char req[4352];

	for (;;) {
		int c = accept4(vm->ctl_fd, NULL, NULL, SOCK_CLOEXEC);
		FILE *f;

		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return NULL;
		}
		f = fdopen(c, "r+");
		if (!f) {
			close(c);
			continue;
		}
		if (fgets(req, sizeof(req), f)) {
			req[strcspn(req, "\r\n")] = 0;
			answer(vm, req, f);
		}
		fclose(f);
	}
}

int vp_control_start(struct vm *vm, int fd)
{
	pthread_t t;

	vm->ctl_fd = fd;
	if (pthread_create(&t, NULL, control_thread, vm))
		return -1;
	pthread_detach(t);
	return 0;
}

int vp_control_ask(const char *name, const char *req, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;
	int fd = sock_connect(name);

	if (fd < 0)
		return -1;
	if (write(fd, req, strlen(req)) < 0 || write(fd, "\n", 1) != 1) {
		close(fd);
		return -1;
	}
	while (got + 1 < len && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += n;
	buf[got] = 0;
	close(fd);
	return 0;
}

/* The value of "key value" line @key in @buf, copied to @val. */
static const char *field(const char *buf, const char *key, char *val, size_t len)
{
	size_t k = strlen(key);
	const char *p = buf;

	snprintf(val, len, "-");
	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, k) && p[k] == ' ') {
			snprintf(val, len, "%.*s", (int)strcspn(p + k + 1, "\n"), p + k + 1);
			break;
		}
	return val;
}

int cmd_ps(int argc, char **argv)
{
	char buf[1024], pid[16], cpus[8], mem[16], hb[16], vmbus[16];
	const char *dir = vp_run_dir();
	struct dirent *e;
	DIR *d;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: vpart ps\n");
		return 2;
	}
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "vpart: cannot read %s: %s\n", dir, strerror(errno));
		return 1;
	}
	printf("%-20s %8s %5s %10s %6s %s\n", "NAME", "PID", "CPUS", "MEMORY", "VMBUS",
	       "HEARTBEAT");
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		char name[VP_NAME_MAX + 8];

		if (n < 6 || n - 5 >= VP_NAME_MAX || strcmp(e->d_name + n - 5, ".sock"))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(n - 5), e->d_name);
		if (vp_control_ask(name, "status", buf, sizeof(buf)))
			continue;	/* its worker is gone */
		printf("%-20s %8s %5s %9sM %6s %s\n", name, field(buf, "pid", pid, sizeof(pid)),
		       field(buf, "cpus", cpus, sizeof(cpus)),
		       field(buf, "memory_mib", mem, sizeof(mem)),
		       field(buf, "vmbus", vmbus, sizeof(vmbus)),
		       field(buf, "heartbeat", hb, sizeof(hb)));
	}
	closedir(d);
	return 0;
}

static int worker_alive(pid_t pid)
{
	return !kill(pid, 0) || errno != ESRCH;
}

/* Poll for the worker's end, up to @secs; 1 when it ended. */
static int wait_gone(pid_t pid, unsigned int secs)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	unsigned int i;

	for (i = 0; i < secs * 10; i++) {
		if (!worker_alive(pid))
			return 1;
		nanosleep(&ts, NULL);
	}
	return !worker_alive(pid);
}

int cmd_stop(int argc, char **argv)
{
	unsigned int timeout = 60;
	char buf[1024], val[32], *end;
	const char *name = NULL;
	pid_t pid;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
			timeout = strtoul(argv[++i], &end, 10);
			if (*end) {
				fprintf(stderr, "vpart stop: bad --timeout: %s\n", argv[i]);
				return 2;
			}
		} else if (!name && argv[i][0] != '-') {
			name = argv[i];
		} else {
			fprintf(stderr, "usage: vpart stop NAME [--timeout SECONDS]\n");
			return 2;
		}
	}
	if (!name) {
		fprintf(stderr, "usage: vpart stop NAME [--timeout SECONDS]\n");
		return 2;
	}
	if (vp_control_ask(name, "status", buf, sizeof(buf))) {
		fprintf(stderr, "vpart: no running VM named %s\n", name);
		return 1;
	}
	pid = atoi(field(buf, "pid", val, sizeof(val)));
	if (pid <= 0) {
		fprintf(stderr, "vpart: %s: no worker pid in its status\n", name);
		return 1;
	}
	if (vp_control_ask(name, "stop", buf, sizeof(buf)) || strncmp(buf, "ok", 2)) {
		fprintf(stderr, "vpart: %s: cannot ask the guest to shut down (%s): stopping it\n",
			name, strtok(buf, "\n") ?: "no answer");
		timeout = 0;
	} else {
		printf("%s: the guest was asked to shut down\n", name);
	}
	if (timeout && wait_gone(pid, timeout)) {
		printf("%s: powered off\n", name);
		return 0;
	}
	if (timeout)
		fprintf(stderr, "vpart: %s did not power off within %u s: stopping it\n",
			name, timeout);
	kill(pid, SIGTERM);
	if (!wait_gone(pid, 10))
		kill(pid, SIGKILL);
	printf("%s: stopped\n", name);
	return 3;	/* not a clean power-off */
}

int vp_control_run(const char *name, const char *req)
{
	char buf[512];

	if (vp_control_ask(name, req, buf, sizeof(buf))) {
		fprintf(stderr, "vpart: no running VM named %s\n", name);
		return 1;
	}
	if (strncmp(buf, "ok", 2)) {
		fprintf(stderr, "vpart: %s: %s", name, buf);
		return 1;
	}
	if (buf[2] == ' ')
		printf("%s", buf + 3);	/* the new device's id */
	return 0;
}

int cmd_device(int argc, char **argv)
{
	char req[96];

	if (argc != 4 || (strcmp(argv[1], "add") && strcmp(argv[1], "remove"))) {
		fprintf(stderr, "usage: vpart device add NAME CLASS | vpart device remove NAME ID\n");
		return 2;
	}
	snprintf(req, sizeof(req), "%s %s", argv[1], argv[3]);
	return vp_control_run(argv[2], req);
}
