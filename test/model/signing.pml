/*
 * Promela model of the in-node federated signing protocol, doc/signing-protocol.md (sections 1-7),
 * at one height h (so proposer(h, r) = r mod N).  Checked by spin in the test suite through
 * test/model/check.sh; test/model/README.md explains the modelling choices and the configurations.
 *
 * Preprocessor switches (spin -DNAME=value):
 *   N, M               signers and threshold, Q = M (2-of-3 by default; 3-of-5 with -DN=5 -DM=3)
 *   MAXR               rounds 0 .. MAXR-1 of the safety build (default 3, at most 6)
 *   LIVENESS           progress build: adversarial rounds 0 .. MAXADV-1, then global stabilisation
 *                      (GST) and N synchronous rounds; LTL property `progress` (<> done)
 *   MAXADV             adversarial rounds of the liveness build (default 2)
 *   FIX_RESUME         proposed amendment A: a signer's round never decreases at a height; a
 *                      restarted signer resumes at max(prepared round, lock round)
 *   FIX_LOCK_CERT      proposed amendment B: the lock is persisted with the Q prepares of its
 *                      certificate, and rule 8 retransmits the certificates of the lock and `valid`
 *   SEE_ANY            liveness build: a signer may also see certificates it does not act on
 *                      (by default it knows those it used: prepared on, committed on, proposed)
 *   NO_SIGN            leave out rule 5 (signing): it writes only sig/sgv, which no other rule reads,
 *                      so rules 2-4 reach exactly the same states; used where the signature
 *                      interleavings make the state space too big, to check the lemmas (c), (d)
 *   BROKEN_NO_LOCK     deliberately broken: rule 3 ignores the lock
 *   BROKEN_NO_PERSIST  deliberately broken: a restart forgets prepared, lock and signed
 *
 * Values.  Two block values, 1 and 2.  A proposer that has no lock and knows no certificate may
 * propose either (a new block assembled from its mempool; a restarted proposer may assemble a
 * different one in the same round), so any two proposers, or one proposer in two incarnations, can
 * conflict.  Every property is about two different blocks, so two values suffice.
 *
 * Network.  Every message ever sent stays in a global pool (the bit sets below) that any signer may
 * read at any time, any number of times, or never.  Reading late is delay and reordering, reading
 * again is duplication, never reading is loss: a signer that never acts on a message cannot be told
 * apart from one that never received it.  Every action below is enabled by the *existence* of
 * messages in the pool ("has seen" is over-approximated by "was sent", and `valid` by "any
 * certificate in the pool"), so before GST the model explores a superset of the real behaviours.
 *
 * Crashes and the current round.  A crash loses the volatile state: the current round, the messages
 * seen and `valid`.  Seen messages and `valid` are not state here (see above).  A restarted signer
 * starts at round 0 and reaches any round by timeouts (rule 7: the model lets a signer move to the
 * next round at any time, which covers every timeout and every jump).  So "signer i is in round r"
 * can be made true at any moment by a crash and timeouts, and the model lets a signer act in ANY
 * round at any time instead of storing its round: exact for the specification, where nothing stops
 * a restarted signer from being in a round below its persisted ones.  With FIX_RESUME the round never
 * goes below the persisted `prepared`/`lock` rounds, and the model lets a signer act in any round at
 * or above them (a superset: a real signer cannot come back down to a round it has left).  The
 * liveness build additionally keeps the certificates a signer has seen (kc), which a crash clears.
 *
 * Persist-then-send.  Each state change that section 3 persists happens in the same atomic step as
 * the send of the message that depends on it.  "Persisted, then crashed before sending" needs no
 * extra step: until the signer restarts it equals "sent, and lost by every receiver", and after the
 * restart rule 8 retransmits the persisted prepare/commit/sgnsig, i.e. the message is sent late.
 * "Sent, then crashed before persisting" is the order the specification forbids; BROKEN_NO_PERSIST
 * shows what it breaks.
 */

#ifndef N
#define N 3
#endif
#ifndef M
#define M 2
#endif
#define Q M
#define NV 2

#ifdef LIVENESS
#ifndef MAXADV
#define MAXADV 2
#endif
#define MAXR (MAXADV + N)
#define LIM MAXADV              /* rounds the (asynchronous) signer processes act in */
#else
#ifndef MAXR
#define MAXR 3
#endif
#define LIM MAXR
#endif
#if LIM > 6 || MAXR > 7 || N > 5
#error "the enumerations below cover at most 6 signer rounds, 7 rounds in all and 5 signers"
#endif

/* value v in {1, 2}, round r in 0 .. MAXR-1; a round stored "+1" uses 0 for "none" */
#define IX(r, v)    ((r) * NV + (v) - 1)
#define BIT(k)      (1 << (k))
#define POP(m)      ((((m) >> 0) & 1) + (((m) >> 1) & 1) + (((m) >> 2) & 1) + (((m) >> 3) & 1) + (((m) >> 4) & 1))
/*
 * Votes.  prep/comm record, per (round, value), the signers that sent the vote (bit s).  Only the
 * number of distinct senders is ever read (C and D need Q of them), and when every signer votes at
 * most once per round and kind (it never goes back to a round: FIX_RESUME, and nothing persisted is
 * lost) a count saturated at Q is an exact abstraction of that set; it merges states that differ
 * only in who voted.  The specification as written and BROKEN_NO_PERSIST let a signer vote twice in
 * a round, so they keep the sets.
 */
#if defined(FIX_RESUME) && !defined(BROKEN_NO_PERSIST)
#define VOTE_COUNTS
#endif
#ifdef VOTE_COUNTS
#define VOTES(x)       (x)
#define ADD_VOTE(x, i) x = ((x) < Q -> (x) + 1 : Q)
#else
#define VOTES(x)       POP(x)
#define ADD_VOTE(x, i) x = (x) | BIT(i)
#endif
#define CERT(r, v)  (VOTES(prep[IX(r, v)]) >= Q)  /* certificate C(v, r) exists */
#define DEC(r, v)   (VOTES(comm[IX(r, v)]) >= Q)  /* decision D(v, r) exists */
#define DECIDED(v)  ((0 < MAXR && DEC(0, v)) || (1 < MAXR && DEC(1, v)) || (2 < MAXR && DEC(2, v)) || \
                     (3 < MAXR && DEC(3, v)) || (4 < MAXR && DEC(4, v)) || (5 < MAXR && DEC(5, v)) || \
                     (6 < MAXR && DEC(6, v)))

/* ---- the message pool ---- */
byte prep[MAXR * NV];   /* prepare(r, v) votes: senders (bit s), or their number (VOTE_COUNTS) */
byte comm[MAXR * NV];   /* commit(r, v) votes, likewise */
byte prop[MAXR * NV];   /* highest vr+2 of the proposals (r, v, valid_round vr) sent by proposer(r) */
byte sig[NV];           /* bit s: sgnsig(v) sent by signer s */

/* ---- persisted signer state (section 3) ---- */
byte prr[N];            /* `prepared`: round+1 (0 = none) ... */
byte prv[N];            /*             ... and value */
byte lkr[N];            /* `lock`: round+1 (0 = none) ... */
byte lkv[N];            /*         ... and value */
byte sgv[N];            /* `signed`: value (0 = none) */

/* ---- property monitors: computed and asserted inside the step that could falsify them ---- */
bit two_blocks_with_M_sigs;
bit signer_signed_two_blocks;
bit two_blocks_decided;
bit two_certificates_in_one_round;

#define CHECK_SIGS \
	signer_signed_two_blocks = ((sig[0] & sig[1]) != 0); \
	two_blocks_with_M_sigs = (POP(sig[0]) >= M && POP(sig[1]) >= M); \
	assert(!signer_signed_two_blocks); \
	assert(!two_blocks_with_M_sigs)
/* (-DSKIP_LEMMAS checks only the two properties of the claim, to see what breaking a lemma leads to) */
#ifdef SKIP_LEMMAS
#define CHECK_DECISIONS skip
#define CHECK_CERTS(r) skip
#else
#define CHECK_DECISIONS \
	two_blocks_decided = (DECIDED(1) && DECIDED(2)); \
	assert(!two_blocks_decided)
#define CHECK_CERTS(r) \
	two_certificates_in_one_round = (CERT(r, 1) && CERT(r, 2)); \
	assert(!two_certificates_in_one_round)
#endif

#ifdef LIVENESS
bit gst;                /* global stabilisation has happened */
byte live;              /* from GST on: bit s = signer s is up (the others are down for good) */
byte kc[N];             /* volatile: certificates (rounds < MAXADV) signer s has seen, bit IX(r, v) */
bit done;               /* M live signers hold signatures of one block */
ltl progress { <> done }
#define PRE_GST !gst &&
#define LEARN(i, r, v) kc[i] = kc[i] | BIT(IX(r, v))
#else
#define PRE_GST
#define LEARN(i, r, v) skip
#endif

/* Whether signer i may be in round r. */
#ifdef FIX_RESUME
#define CAN(i, r) ((r) < LIM && prr[i] <= (r) + 1 && lkr[i] <= (r) + 1)
#else
#define CAN(i, r) ((r) < LIM)
#endif

/* ---- Rule 2: propose in round r when i = proposer(h, r) = r mod N ----
 * prop[IX(r, v)] keeps the highest valid_round + 2 of the proposals of v in round r (0 = none).
 * A proposal with valid_round vr >= 0 is only ever made when C(v, vr) exists (the proposer's lock or
 * `valid` certificate), so in rule 3 a proposal with a higher valid_round is accepted whenever one
 * with a lower one is: the highest one stands for all of them. */
/* the lock (chosen when it is at least as recent as `valid`, in particular when `valid` is none) */
#define PROPOSE_LOCK(i, r) \
	:: d_step { PRE_GST CAN(i, r) && (r) % N == i && lkr[i] > 0 && prop[IX(r, lkv[i])] < lkr[i] + 1 -> \
	            prop[IX(r, lkv[i])] = lkr[i] + 1 }
/* `valid` = C(v, k-1), any certificate of a round <= r the proposer has seen, more recent than its lock */
#define PROPOSE_VALID(i, r, v, k) \
	:: d_step { PRE_GST CAN(i, r) && (r) % N == i && (k) <= (r) + 1 && (k) > lkr[i] && CERT((k) - 1, v) && \
	            prop[IX(r, v)] < (k) + 1 -> \
	            LEARN(i, (k) - 1, v); prop[IX(r, v)] = (k) + 1 }
/* no lock, no `valid` known: a new block, valid_round -1.  Symmetry reduction: the values are
 * interchangeable, so the first new block ever proposed is called 1 (value 2 only once 1 exists). */
#define ONE_PROPOSED (prop[IX(0, 1)] || (1 < MAXR && prop[IX(1, 1)]) || (2 < MAXR && prop[IX(2, 1)]) || \
                      (3 < MAXR && prop[IX(3, 1)]) || (4 < MAXR && prop[IX(4, 1)]) || (5 < MAXR && prop[IX(5, 1)]))
#define PROPOSE_NEW(i, r, v) \
	:: d_step { PRE_GST CAN(i, r) && (r) % N == i && lkr[i] == 0 && prop[IX(r, v)] == 0 && \
	            ((v) == 1 || ONE_PROPOSED) -> \
	            prop[IX(r, v)] = 1 }

/* ---- Rule 3: prepare the proposal of round r (any valid_round) if not prepared in round r ---- */
#ifdef BROKEN_NO_LOCK
#define LOCK_OK(i, v) true
#else
#define LOCK_OK(i, v) (lkr[i] == 0 || lkv[i] == v)
#endif
#define PREPARE_DO(i, r, v) \
	prr[i] = (r) + 1; prv[i] = v; \
	ADD_VOTE(prep[IX(r, v)], i); \
	CHECK_CERTS(r)
/* no lock, or the lock is this block */
#define PREPARE(i, r, v) \
	:: d_step { PRE_GST CAN(i, r) && prr[i] != (r) + 1 && prop[IX(r, v)] != 0 && LOCK_OK(i, v) -> \
	            PREPARE_DO(i, r, v) }
/* locked on the other block: valid_round >= lock round and C(v, valid_round) seen */
#define PREPARE_CERT(i, r, v) \
	:: d_step { PRE_GST CAN(i, r) && prr[i] != (r) + 1 && lkr[i] > 0 && lkv[i] != v && \
	            prop[IX(r, v)] >= lkr[i] + 1 && CERT(prop[IX(r, v)] - 2, v) -> \
	            LEARN(i, prop[IX(r, v)] - 2, v); PREPARE_DO(i, r, v) }

/* ---- Rule 4: commit on C(v, r) while in round r, if not committed in round r ---- */
#define COMMIT(i, r, v) \
	:: d_step { PRE_GST CAN(i, r) && lkr[i] != (r) + 1 && CERT(r, v) -> \
	            LEARN(i, r, v); \
	            lkr[i] = (r) + 1; lkv[i] = v; \
	            ADD_VOTE(comm[IX(r, v)], i); \
	            CHECK_DECISIONS }

/* ---- Rule 5: sign a decided block (D in any round) unless another block is signed ---- */
#define SIGN(i, v) \
	:: d_step { PRE_GST DECIDED(v) && (sgv[i] == 0 || sgv[i] == v) && !(sig[(v) - 1] & BIT(i)) -> \
	            sgv[i] = v; \
	            sig[(v) - 1] = sig[(v) - 1] | BIT(i); \
	            CHECK_SIGS }

/* Everything signer i can do while in round r. */
#define K_ALL(F, i, r, v) F(i, r, v, 1) F(i, r, v, 2) F(i, r, v, 3) F(i, r, v, 4) F(i, r, v, 5) F(i, r, v, 6)
#define IN_ROUND(i, r) \
	PROPOSE_LOCK(i, r) K_ALL(PROPOSE_VALID, i, r, 1) K_ALL(PROPOSE_VALID, i, r, 2) \
	PROPOSE_NEW(i, r, 1) PROPOSE_NEW(i, r, 2) \
	PREPARE(i, r, 1) PREPARE(i, r, 2) PREPARE_CERT(i, r, 1) PREPARE_CERT(i, r, 2) \
	COMMIT(i, r, 1) COMMIT(i, r, 2)
#define ALL_ROUNDS(i) IN_ROUND(i, 0) IN_ROUND(i, 1) IN_ROUND(i, 2) IN_ROUND(i, 3) IN_ROUND(i, 4) IN_ROUND(i, 5)

#ifdef LIVENESS
/* seeing a certificate without acting on it: it may become `valid`, and is kept until a crash */
#define LEARN_ONE(i, r, v) \
	:: d_step { PRE_GST (r) < MAXADV && CERT(r, v) && !(kc[i] & BIT(IX(r, v))) -> LEARN(i, r, v) }
#define LEARN_ANY(i, r) LEARN_ONE(i, r, 1) LEARN_ONE(i, r, 2)

#endif

/* A signer (before GST in the liveness build). */
proctype Signer(byte i)
{
end:	do
	ALL_ROUNDS(i)
#ifndef NO_SIGN
	SIGN(i, 1)
	SIGN(i, 2)
#endif
#ifdef BROKEN_NO_PERSIST
	:: d_step { PRE_GST (prr[i] | lkr[i] | sgv[i]) != 0 ->   /* crash: persisted state lost too */
	            prr[i] = 0; prv[i] = 0; lkr[i] = 0; lkv[i] = 0; sgv[i] = 0 }
#endif
#ifdef LIVENESS
	:: d_step { PRE_GST kc[i] != 0 -> kc[i] = 0 }             /* crash: seen certificates lost */
#endif
#if defined(LIVENESS) && defined(SEE_ANY)
	LEARN_ANY(i, 0) LEARN_ANY(i, 1) LEARN_ANY(i, 2) LEARN_ANY(i, 3) LEARN_ANY(i, 4) LEARN_ANY(i, 5)
#endif
	od
}

#ifdef LIVENESS
/*
 * Progress.  Before GST the signers above run with crashes, restarts, losses, reordering and
 * arbitrary timeouts in rounds 0 .. MAXADV-1.  GST is a step of this process that is always enabled
 * before it happens, so under weak fairness (pan -f) it eventually happens.  At GST the environment
 * picks any set of at least M signers that stay up; the others are down for good.  From then on
 * (section 6: "at least M signers up and connected, message delays bounded"): no crash, no loss,
 * and round timeouts long enough (they grow with r) that the live signers spend a round together and
 * every message sent in it is delivered within it.  So the live signers run the rounds
 * MAXADV .. MAXADV+N-1 (each signer is proposer in one of them) in lock-step: propose, prepare,
 * commit, sign.
 *
 * What survives from before GST is what can block progress, and is modelled exactly:
 *  - the persisted prepared/lock/signed of the live signers;
 *  - the certificates each live signer has seen since its last crash (kc);
 *  - a message sent before GST reaches a live signer after GST only if it is still retransmitted by
 *    rule 8, i.e. it is the *latest* prepare, commit or sgnsig of a *live* signer; a message of a
 *    signer that is down, or one its sender has superseded, may have been lost for good before GST.
 *    (With FIX_LOCK_CERT the live signers also retransmit the certificates of their lock and valid.)
 * The model is conservative about pre-GST decisions: a decision counts after GST only from the
 * retransmitted commits (locks) of live signers.
 *
 * `done`: M live signers hold signatures of one block (they retransmit them, so every node can
 * complete it).  A run whose last synchronous round ends without `done` stutters in its final state
 * and is a counterexample to <> done.
 */
active proctype Env()
{
	byte s, r, r2, v, v2, w, cnt, vis, p, pval, pvr;

	atomic {
		!gst ->
		/* any set of at least M signers (a smaller choice stands for "all") */
		for (s : 0 .. N - 1) {
			if
			:: live = live | BIT(s)
			:: skip
			fi
		}
		if
		:: POP(live) < M -> live = BIT(N) - 1
		:: else
		fi;
		s = 0;
		gst = 1
	}
	r = MAXADV;
	do
	:: r < MAXR && !done ->
		atomic {
			d_step {
				/* What is still retransmitted reaches every live signer. */
				vis = 0;
				for (r2 : 0 .. MAXADV - 1) {
					for (v2 : 1 .. NV) {
						cnt = 0;
						for (s : 0 .. N - 1) {
							if
							:: (live & BIT(s)) && prr[s] == r2 + 1 && prv[s] == v2 -> cnt++
							:: else
							fi
						}
						if
						:: cnt >= Q -> vis = vis | BIT(IX(r2, v2))
						:: else
						fi
					}
				}
#ifdef FIX_LOCK_CERT
				for (s : 0 .. N - 1) {
					if
					:: (live & BIT(s)) ->
						vis = vis | kc[s];
						if
						:: lkr[s] > 0 && lkr[s] <= MAXADV -> vis = vis | BIT(IX(lkr[s] - 1, lkv[s]))
						:: else
						fi
					:: else
					fi
				}
#endif
				for (s : 0 .. N - 1) {
					if
					:: (live & BIT(s)) -> kc[s] = kc[s] | vis
					:: else
					fi
				}
				/* The proposer's `valid`: the highest certificate it knows. */
				p = r % N; w = 0; v2 = 0;
				for (r2 : 0 .. r - 1) {
					for (v : 1 .. NV) {
						if
						:: r2 < MAXADV && (kc[p] & BIT(IX(r2, v))) -> w = r2 + 1; v2 = v
						:: r2 >= MAXADV && CERT(r2, v) -> w = r2 + 1; v2 = v
						:: else
						fi
					}
				}
				v = 0; r2 = 0; s = 0; cnt = 0; vis = 0
			}
			/* Rule 2; the only choice left is which new block a proposer without lock/valid assembles. */
			if
			:: (live & BIT(p)) ->
				if
				:: lkr[p] > 0 && lkr[p] >= w -> pval = lkv[p]; pvr = lkr[p]
				:: w > 0 && w > lkr[p] -> pval = v2; pvr = w
				:: lkr[p] == 0 && w == 0 -> pvr = 0; if :: pval = 1 :: pval = 2 fi
				fi;
				prop[IX(r, pval)] = pvr + 1
			:: else -> pval = 0; pvr = 0
			fi;
			d_step {
				w = 0; v2 = 0;
				/* Rule 3 at every live signer. */
				for (s : 0 .. N - 1) {
					if
					:: pval > 0 && (live & BIT(s)) && prr[s] != r + 1 &&
#ifndef BROKEN_NO_LOCK
					   (lkr[s] == 0 || lkv[s] == pval ||
					    (pvr > 0 && pvr >= lkr[s] &&
					     ((pvr - 1 < MAXADV && (kc[s] & BIT(IX(pvr - 1, pval)))) ||
					      (pvr - 1 >= MAXADV && CERT(pvr - 1, pval))))) &&
#endif
					   true ->
						prr[s] = r + 1; prv[s] = pval;
						ADD_VOTE(prep[IX(r, pval)], s)
					:: else
					fi
				}
				/* Rule 4. */
				for (s : 0 .. N - 1) {
					if
					:: pval > 0 && (live & BIT(s)) && lkr[s] != r + 1 && CERT(r, pval) ->
						lkr[s] = r + 1; lkv[s] = pval;
						ADD_VOTE(comm[IX(r, pval)], s)
					:: else
					fi
				}
				/* Rule 5: a decision of a round >= MAXADV (sent after GST) or of an earlier round from
				   the retransmitted latest commits (the locks) of live signers. */
				for (r2 : 0 .. r) {
					for (v2 : 1 .. NV) {
						cnt = 0;
						if
						:: r2 >= MAXADV -> cnt = VOTES(comm[IX(r2, v2)])
						:: else ->
							for (s : 0 .. N - 1) {
								if
								:: (live & BIT(s)) && lkr[s] == r2 + 1 && lkv[s] == v2 -> cnt++
								:: else
								fi
							}
						fi;
						if
						:: cnt >= Q ->
							for (s : 0 .. N - 1) {
								if
								:: (live & BIT(s)) && sgv[s] == 0 ->
									sgv[s] = v2; sig[v2 - 1] = sig[v2 - 1] | BIT(s)
								:: else
								fi
							}
						:: else
						fi
					}
				}
				/* Rule 6: completion from the signatures the live signers retransmit. */
				for (v2 : 1 .. NV) {
					cnt = 0;
					for (s : 0 .. N - 1) {
						if
						:: (live & BIT(s)) && sgv[s] == v2 -> cnt++
						:: else
						fi
					}
					if
					:: cnt >= M -> done = 1
					:: else
					fi
				}
				r++; s = 0; r2 = 0; v2 = 0; cnt = 0; p = 0; pval = 0; pvr = 0
			}
		}
	:: else -> break
	od
}
#endif

init
{
	byte k;
	atomic {
		for (k : 0 .. N - 1) {
			run Signer(k)
		}
		k = 0
	}
}
