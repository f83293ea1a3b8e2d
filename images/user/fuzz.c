/*
 * fuzz: 100,000 system calls with pseudo-random numbers and arguments from a fixed-seed
 * xorshift generator, then "survived". Arguments are random within limits that keep the
 * task itself alive and the machine's state intact: pointers are a valid buffer, NULL or a
 * kernel address; thread ids are missing, invalid (< -2) or our own; map and unmap touch
 * only missing tids or the reserved area at 0x0F000000; ipc never sends to a live server
 * and never receives from a thread that could block us forever; thread_control never
 * creates (CREATE gets a bad pointer); kmem_control is left out (a grant hands memory to
 * the kernel), and so is schedule (the kernel prints a console line for every call). Every result must be 0 or a negative errno; where the ABI fixes the answer
 * it is checked exactly.
 */
#include "check.h"

#define CALLS		100000
#define MISSING_BASE	900

static u32 rng = 0x2545F491u;
static u32 buf[2048];	/* 8 KB: large enough for the page map and the boot descriptor */
static int counts[16];

static u32 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static void *rnd_ptr(int allow_valid)
{
	switch (rnd() % 3) {
	case 0:
		if (allow_valid)
			return buf;
		/* fall through */
	case 1:
		return NULL;
	default:
		return (void *)(0xF0000000u + (rnd() & 0x07FFFFFCu));
	}
}

static l4id_t missing_tid(void)
{
	return MISSING_BASE + (l4id_t)(rnd() % 100);
}

static l4id_t invalid_tid(void)
{
	return -3 - (l4id_t)(rnd() % 1000);
}

static void result(const char *call, int r)
{
	if (r > 0 || r <= -4096)
		fail(call, r);
}

int main(void)
{
	struct task_ids me, ids;
	int i, k, r;

	l4_getid(&me);
	for (i = 0; i < CALLS; i++) {
		int which = (int)(rnd() % 14);
		void *p;

		counts[which]++;
		switch (which) {
		case 0:		/* ipc */
			for (k = 0; k < MR_TOTAL; k++)
				write_mr(k, rnd());
			switch (rnd() % 6) {
			case 0:
				EXPECT_EQ("fuzz ipc NIL/NIL", l4_ipc(L4_NILTHREAD, L4_NILTHREAD), -EINVAL);
				break;
			case 1:
				EXPECT_EQ("fuzz ipc to self", l4_ipc(me.tid, (rnd() & 1) ? L4_NILTHREAD : me.tid), -EINVAL);
				break;
			case 2:
				EXPECT_EQ("fuzz ipc from self", l4_ipc(L4_NILTHREAD, me.tid), -EINVAL);
				break;
			case 3:
				EXPECT_EQ("fuzz ipc invalid id", l4_ipc(invalid_tid(), (rnd() & 1) ? L4_NILTHREAD : invalid_tid()), -EINVAL);
				break;
			case 4:
				EXPECT_EQ("fuzz ipc to a missing tid", l4_ipc(missing_tid(), L4_NILTHREAD), -ESRCH);
				break;
			default:
				r = l4_ipc(missing_tid(), missing_tid() + 200);
				EXPECT_ERR("fuzz sendrecv to != from", r);
				result("fuzz sendrecv", r);
				break;
			}
			break;
		case 1:
			EXPECT_EQ("fuzz thread_switch", l4_thread_switch((l4id_t)rnd()), 0);
			break;
		case 2: {	/* thread_control: never a successful CREATE */
			u32 action = rnd();

			if ((action & 0xF) == 0 || (action & 0xF) > 4)
				p = rnd_ptr(0);
			else
				p = rnd_ptr(1);
			if (p == buf) {
				ids.tid = missing_tid();
				ids.spid = (l4id_t)rnd();
				ids.tgid = (l4id_t)rnd();
			}
			r = l4_thread_control(action, p);
			EXPECT_ERR("fuzz thread_control", r);
			result("fuzz thread_control", r);
			break;
		}
		case 3:		/* exchange_registers on a missing thread or on ourselves */
			for (k = 0; k < 19; k++)
				buf[k] = rnd();
			r = l4_exchange_registers(rnd_ptr(1), (rnd() & 1) ? me.tid : missing_tid());
			EXPECT_ERR("fuzz exchange_registers", r);
			result("fuzz exchange_registers", r);
			break;
		case 4:		/* schedule would print a kernel line per call: kread instead */
			EXPECT_EQ("fuzz kread BOOTDESC_SIZE", l4_kread(KDATA_BOOTDESC_SIZE, buf), 0);
			break;
		case 5:		/* unmap: missing tid anywhere, or our reserved area */
			if (rnd() & 1) {
				EXPECT_EQ("fuzz unmap missing tid",
					  l4_unmap((void *)rnd(), rnd(), missing_tid()), -ESRCH);
			} else {
				r = l4_unmap((void *)(0x0F000000u + (rnd() & 0x00FF0000u)),
					     1 + rnd() % 16, me.tid);
				result("fuzz unmap", r);
			}
			break;
		case 6:
			EXPECT_EQ("fuzz space_control", l4_space_control(rnd(), (void *)rnd()), -ENOSYS);
			break;
		case 7:
			EXPECT_EQ("fuzz ipc_control", l4_ipc_control(rnd(), (l4id_t)rnd(), rnd()), -ENOSYS);
			break;
		case 8:		/* map: missing tid, or ours with 0 pages or bad flags */
			switch (rnd() % 3) {
			case 0:
				EXPECT_EQ("fuzz map missing tid",
					  l4_map((void *)rnd(), (void *)rnd(), 1 + rnd() % 64, rnd() % 5,
						 missing_tid()), -ESRCH);
				break;
			case 1:
				EXPECT_EQ("fuzz map 0 pages",
					  l4_map((void *)rnd(), (void *)rnd(), 0, rnd() % 5, me.tid), -EINVAL);
				break;
			default:
				EXPECT_EQ("fuzz map bad flags",
					  l4_map((void *)rnd(), (void *)rnd(), 1 + rnd() % 64, 5 + rnd() % 1000,
						 me.tid), -EINVAL);
				break;
			}
			break;
		case 9:
			p = rnd_ptr(1);
			r = l4_getid(p);
			if (p == buf)
				EXPECT_EQ("fuzz getid", r, 0);
			else
				EXPECT_EQ("fuzz getid bad pointer", r, -EFAULT);
			break;
		case 10: {
			u32 rd = (rnd() & 1) ? rnd() % 4 : rnd();

			r = l4_kread(rd, rnd_ptr(1));
			result("fuzz kread", r);
			break;
		}
		case 11:
			r = l4_time(rnd_ptr(1), (rnd() & 1) ? 0 : (int)rnd());
			result("fuzz time", r);
			break;
		case 12:
			EXPECT_EQ("fuzz swi 0x14 outside", l4_swi_here(rnd(), rnd(), rnd()), -ENOSYS);
			break;
		default:
			EXPECT_EQ("fuzz swi 0 outside", l4_swi_imm(rnd(), rnd(), rnd()), -ENOSYS);
			break;
		}
	}
	printf("fuzz: %d system calls\n", CALLS);

	/* Still sane afterwards. */
	EXPECT_EQ("getid after fuzzing", l4_getid(&ids), 0);
	EXPECT_EQ("same tid after fuzzing", ids.tid, me.tid);
	EXPECT_EQ("time after fuzzing", l4_time(buf, 0), 0);
	puts("survived");
	return 0;
}
