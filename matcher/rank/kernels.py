"""Compiled per-row loops of the ranking stages (numba).

A vacancy's features, written as numpy, are some forty array operations over its candidate rows, each
allocating its result: a re-rank runs them 10^4 times over thousands of rows, and the calls, not the
arithmetic, were most of its time. Here each stage is one pass over the rows. The formulas and the
order of every sum are those of the numpy forms they replace, so the numbers are the same bits; the
exponentials are left to numpy (``np.exp`` and the C library round a few in a hundred differently).

Helpers that take arrays are inlined (``inline="always"``): a call of a compiled function counts a
reference to each array it is passed, atomically, which cost more than a row's arithmetic (the leading
features took 36 ns a row through such a call, 13 ns inlined).

Compiled on first use and cached beside this file (``cache=True``): a fresh process loads them in
milliseconds; after an upgrade of numba or of this file they compile again, once (seconds).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from numba import njit

# How the commute column is finished once numpy has taken the exponentials (``finish_commute``).
COMMUTE_EXP, COMMUTE_NEAR, COMMUTE_UNKNOWN = 0, 1, 2
# A coverage column: the share of wanted skills held, everyone (nothing wanted), nobody (none known).
SHARE, ALL, NONE = 0, 1, 2


@njit(cache=True, nogil=True, error_model="numpy")
def _clip01(x: float) -> float:
    # np.clip(x, 0, 1): NaN stays NaN.
    if x < 0.0:
        return 0.0
    if x > 1.0:
        return 1.0
    return x


@njit(cache=True, nogil=True, error_model="numpy")
def _max_nan(a: float, b: float) -> float:
    # np.maximum: NaN wins.
    if a != a or b != b:
        return math.nan
    return a if a >= b else b


@njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _coverage(
    ptr: np.ndarray, idx: np.ndarray, val: np.ndarray, r: int, counts: np.ndarray, mode: int, n: int
) -> float:
    if mode == ALL:
        return 1.0
    if mode == NONE:
        return 0.0
    hits = 0.0
    for j in range(ptr[r], ptr[r + 1]):  # stored order, as scipy's CSR product sums
        hits += val[j] * counts[idx[j]]
    return hits / n


@njit(cache=True, nogil=True, error_model="numpy")
def leading_rows(
    rows: np.ndarray,
    occ_ptr: np.ndarray,
    occ_idx: np.ndarray,
    occ_val: np.ndarray,
    yrs_ptr: np.ndarray,
    yrs_idx: np.ndarray,
    yrs_val: np.ndarray,
    sk_ptr: np.ndarray,
    sk_idx: np.ndarray,
    sk_val: np.ndarray,
    relation: np.ndarray,
    required_counts: np.ndarray,
    required_mode: int,
    n_required: int,
    desired_counts: np.ndarray,
    desired_mode: int,
    n_desired: int,
    semantic: np.ndarray,
    lexical: np.ndarray,
    out: np.ndarray,
) -> None:
    """``out[i]``: the leading features of ``rows[i]`` (``matcher.rank.features.LEADING``), clipped."""
    for i in range(rows.size):
        r = rows[i]
        fit = 0.0  # an empty row: 0
        first = True
        for j in range(occ_ptr[r], occ_ptr[r + 1]):
            v = occ_val[j] * relation[occ_idx[j]]
            fit = v if first else _max_nan(fit, v)
            first = False
        years = 0.0
        for j in range(yrs_ptr[r], yrs_ptr[r + 1]):
            years += yrs_val[j] * relation[yrs_idx[j]]
        out[i, 0] = _clip01(_max_nan(fit, 0.0))
        out[i, 1] = _clip01(_coverage(sk_ptr, sk_idx, sk_val, r, required_counts, required_mode, n_required))
        out[i, 2] = _clip01(_coverage(sk_ptr, sk_idx, sk_val, r, desired_counts, desired_mode, n_desired))
        out[i, 3] = _clip01(semantic[i])
        out[i, 4] = _clip01(lexical[i])
        out[i, 5] = _clip01(years / (years + 2.0))


@njit(cache=True, nogil=True, error_model="numpy")
def other_features(
    rows: np.ndarray,
    lead: np.ndarray,
    out: np.ndarray,
    exp_args: np.ndarray,
    commute_how: np.ndarray,
    swedish: np.ndarray,
    swedish_required: int,
    swedish_fixed: bool,
    per_place: np.ndarray,
    place_of: np.ndarray,
    max_commute_km: np.ndarray,
    default_commute_km: float,
    licences: np.ndarray,
    licence_bits: np.ndarray,
    n_licences: int,
    licences_fixed: bool,
    available_from: np.ndarray,
    start_ordinal: float,
    wanted_extent: np.ndarray,
    extent: float,
    wanted_kinds: np.ndarray,
    kind_bit: int,
    registered: np.ndarray,
    reference_ordinal: float,
) -> None:
    """Every column of ``out`` but other_languages_fit (6); the commute and start columns as their
    exponentials' arguments in ``exp_args`` (see ``finish_commute``)."""
    for i in range(rows.size):
        r = rows[i]
        out[i, 0] = lead[i, 0]
        out[i, 1] = lead[i, 1]
        out[i, 2] = lead[i, 2]
        out[i, 3] = lead[i, 3]
        out[i, 4] = lead[i, 4]
        out[i, 12] = lead[i, 5]
        if swedish_fixed:
            out[i, 5] = 1.0
        else:
            sw = swedish[r]
            if sw == 0:
                out[i, 5] = 0.4
            elif sw >= swedish_required:
                out[i, 5] = 1.0
            else:
                out[i, 5] = _clip01(1.0 - 0.3 * (swedish_required - sw))
        # commute: 1 within the maximum, exp(-(d - m)/m) beyond, 0.5 where the distance is unknown
        d = per_place[place_of[r]]  # -1: the appended NaN, an unknown place (as ``distances`` reads it)
        m = max_commute_km[r]
        m = default_commute_km if (m != m or m <= 0.0) else max(m, 1.0)
        known = d == d
        d = d if known else 0.0
        exp_args[i, 0] = -(d - m) / m
        commute_how[i] = COMMUTE_UNKNOWN if not known else (COMMUTE_NEAR if d <= m else COMMUTE_EXP)
        if licences_fixed:
            out[i, 8] = 1.0
        else:
            held = 0.0
            for bit in licence_bits:
                if (licences[r] & bit) != 0:
                    held += 1.0
            out[i, 8] = held / n_licences
        # start: exp(-max(gap, 0)/30); no date (NaN) on either side: exp(-0) = 1
        if start_ordinal != start_ordinal:
            exp_args[i, 1] = 0.0
        else:
            gap = available_from[r] - start_ordinal
            exp_args[i, 1] = -(gap if gap > 0.0 else 0.0) / 30.0  # np.fmax(NaN, 0) is 0
        e = wanted_extent[r]
        out[i, 10] = 0.8 if e != e else _clip01(1.0 - abs(e - extent) / 100.0)
        k = wanted_kinds[r]
        out[i, 11] = 0.5 if k == 0 else (1.0 if (k & kind_bit) != 0 else 0.0)
        months = _max_nan((reference_ordinal - registered[r]) / 30.44, 0.0)
        out[i, 13] = 0.0 if months != months else months / (months + 12.0)


@njit(cache=True, nogil=True, error_model="numpy")
def finish_commute(out: np.ndarray, exps: np.ndarray, commute_how: np.ndarray) -> None:
    """Columns 7 and 9 from the exponentials of ``other_features``' arguments."""
    for i in range(out.shape[0]):
        how = commute_how[i]
        out[i, 7] = exps[i, 0] if how == COMMUTE_EXP else (1.0 if how == COMMUTE_NEAR else 0.5)
        out[i, 9] = exps[i, 1]


@njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _mark_columns(mask: np.ndarray, ptr: np.ndarray, idx: np.ndarray, cols: np.ndarray) -> None:
    for c in cols:
        for j in range(ptr[c], ptr[c + 1]):
            mask[idx[j]] = True


@njit(cache=True, nogil=True, error_model="numpy")
def union_rows(
    n: int,
    occ_ptr: np.ndarray,
    occ_idx: np.ndarray,
    occ_cols: np.ndarray,
    sk_ptr: np.ndarray,
    sk_idx: np.ndarray,
    sk_cols: np.ndarray,
    picks_a: np.ndarray,
    picks_b: np.ndarray,
) -> np.ndarray:
    """Sorted rows of ``n`` that are in one of the occupation or skill columns (CSC) or in a pick."""
    mask = np.zeros(n, dtype=np.bool_)
    _mark_columns(mask, occ_ptr, occ_idx, occ_cols)
    _mark_columns(mask, sk_ptr, sk_idx, sk_cols)
    for r in picks_a:
        mask[r] = True
    for r in picks_b:
        mask[r] = True
    # Without branches: a fifth of a large pool is marked, in no order a branch predictor could learn.
    out = np.empty(n, dtype=np.int64)
    k = 0
    for r in range(n):
        out[k] = r
        k += mask[r]
    return out[:k].copy()


# Bits of ``constraint_bits``, in the order of ``matcher.rank.retrieval.EXCLUSION_CODES``.
NOT_ELIGIBLE, KIND_NOT_WANTED, LICENCE_MISSING, AVAILABLE_TOO_LATE, NO_CONSENT = 1, 2, 4, 8, 16


@njit(cache=True, nogil=True, error_model="numpy")
def constraint_bits(
    rows: np.ndarray,
    eligible_until: np.ndarray,
    groups: np.ndarray,
    eligible_on: float,
    wanted_kinds: np.ndarray,
    kind_bit: int,
    licences: np.ndarray,
    licence_bits: np.ndarray,
    available_from: np.ndarray,
    latest_start: float,
    consent: np.ndarray,
) -> np.ndarray:
    """Per row, the hard constraints it fails as bits; ``groups``: the vacancy's target groups (rows of
    ``eligible_until``; none: no check)."""
    out = np.empty(rows.size, dtype=np.uint8)
    check_groups = groups.size > 0
    # Flags summed, not branched on: which rows fail is data a branch predictor cannot learn.
    for i in range(rows.size):
        r = rows[i]
        eligible = not check_groups
        for g in groups:
            eligible |= eligible_until[g, r] >= eligible_on
        k = wanted_kinds[r]
        missing = False
        for bit in licence_bits:
            missing |= (licences[r] & bit) == 0
        out[i] = (
            NOT_ELIGIBLE * (not eligible)
            + KIND_NOT_WANTED * ((k != 0) & ((k & kind_bit) == 0))
            + LICENCE_MISSING * missing
            + AVAILABLE_TOO_LATE * (available_from[r] > latest_start)  # False where either is NaN
            + NO_CONSENT * (not consent[r])
        )
    return out


@njit(cache=True, nogil=True, error_model="numpy")
def held_columns(rows: np.ndarray, ptr: np.ndarray, idx: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``out[i, w]``: whether row ``rows[i]`` of a CSR matrix has an entry in column ``cols[w]``."""
    out = np.zeros((rows.size, cols.size), dtype=np.bool_)
    for i in range(rows.size):
        r = rows[i]
        for j in range(ptr[r], ptr[r + 1]):
            c = idx[j]
            for w in range(cols.size):
                if cols[w] == c:
                    out[i, w] = True
    return out


@njit(cache=True, nogil=True, error_model="numpy")
def add_postings(
    out: np.ndarray,
    query_ptr: np.ndarray,
    query_cols: np.ndarray,
    query_data: np.ndarray,
    ptr: np.ndarray,
    idx: np.ndarray,
    val: np.ndarray,
) -> None:
    """``out[q] +=`` each n-gram weight of query ``q`` (``query_cols`` / ``query_data`` from
    ``query_ptr[q]``) times that n-gram's posting list (row of the CSR ``ptr``, ``idx``, ``val``)."""
    for q in range(out.shape[0]):
        row = out[q]
        for e in range(query_ptr[q], query_ptr[q + 1]):
            g, w = query_cols[e], query_data[e]
            for j in range(ptr[g], ptr[g + 1]):
                row[idx[j]] += w * val[j]


# MurmurHash3 x86_32 (as scikit-learn's ``murmurhash3_32``), in 64-bit lanes masked to 32 bits: numba
# gives unsigned 32-bit products and shifts no overflow guarantee of their own.
_M32 = np.uint64(0xFFFFFFFF)
_C1, _C2 = np.uint64(0xCC9E2D51), np.uint64(0x1B873593)
_F1, _F2 = np.uint64(0x85EBCA6B), np.uint64(0xC2B2AE35)
_N, _FIVE = np.uint64(0xE6546B64), np.uint64(5)
_S8, _S13, _S15, _S16, _S17, _S19, _S24 = (np.uint64(s) for s in (8, 13, 15, 16, 17, 19, 24))


@njit(cache=True, nogil=True)
def _scrambled(k: np.uint64) -> np.uint64:
    """A 4-byte block (or the tail) of MurmurHash3, multiplied, rotated and multiplied again."""
    k = (k * _C1) & _M32
    k = ((k << _S15) | (k >> _S17)) & _M32
    return (k * _C2) & _M32


@njit(cache=True, nogil=True, inline="always")
def _murmur3_32(buf: np.ndarray, start: int, end: int) -> int:
    """The signed 32-bit MurmurHash3 (seed 0) of ``buf[start:end]``."""
    h = np.uint64(0)
    n = end - start
    tail = start + (n // 4) * 4
    for b in range(start, tail, 4):
        k = np.uint64(buf[b]) | (np.uint64(buf[b + 1]) << _S8)
        k |= (np.uint64(buf[b + 2]) << _S16) | (np.uint64(buf[b + 3]) << _S24)
        h ^= _scrambled(k)
        h = ((h << _S13) | (h >> _S19)) & _M32
        h = (h * _FIVE + _N) & _M32
    rest = n & 3
    if rest:
        k = np.uint64(0)
        if rest == 3:
            k ^= np.uint64(buf[tail + 2]) << _S16
        if rest >= 2:
            k ^= np.uint64(buf[tail + 1]) << _S8
        k ^= np.uint64(buf[tail])
        h ^= _scrambled(k)
    h ^= np.uint64(n)
    h ^= h >> _S16
    h = (h * _F1) & _M32
    h ^= h >> _S13
    h = (h * _F2) & _M32
    h ^= h >> _S16
    signed = np.int64(h)
    if signed >= 2147483648:
        signed -= 4294967296
    return int(signed)


@njit(cache=True, nogil=True)
def gram_columns(buf: np.ndarray, offsets: np.ndarray, lo: int, hi: int, n_features: int) -> np.ndarray:
    """The hashed columns of a padded word's ``char_wb`` n-grams, as scikit-learn's ``HashingVectorizer``
    forms and hashes them: ``buf`` is the word's UTF-8, ``offsets`` the byte offset of each character
    (and of the end). Lengths ``lo``..``hi``; a word shorter than ``n`` gives itself once and ends there."""
    length = offsets.size - 1
    count = 0
    for n in range(lo, hi + 1):
        count += max(1, length - n + 1)
        if length <= n:
            break
    out = np.empty(count, dtype=np.int32)
    at = 0
    for n in range(lo, hi + 1):
        for i in range(max(1, length - n + 1)):
            h = _murmur3_32(buf, offsets[i], offsets[min(i + n, length)])
            # abs(-2**31) overflows int32: scikit-learn maps it so.
            column = (2147483647 - (n_features - 1)) % n_features if h == -2147483648 else abs(h) % n_features
            out[at] = column
            at += 1
        if length <= n:
            break
    return out


@njit(cache=True, nogil=True)
def l2_normalise_rows(ptr: np.ndarray, data: np.ndarray) -> None:
    """Each CSR row of ``data`` divided by its L2 norm, in place, as scikit-learn's ``normalize`` does it:
    float32 squares summed in order in double, the division in double, empty rows left alone."""
    for r in range(ptr.size - 1):
        total = 0.0
        for j in range(ptr[r], ptr[r + 1]):
            total += data[j] * data[j]
        if total == 0.0:
            continue
        norm = math.sqrt(total)
        for j in range(ptr[r], ptr[r + 1]):
            data[j] = data[j] / norm


@njit(cache=True, nogil=True, error_model="numpy")
def at_least_kth(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices, ascending, of the scores at least the ``k``-th largest (NaN never counts); empty when
    fewer than ``k`` scores clear the estimate below, and the caller partitions them all instead.

    What ``np.partition`` gives, in a fifth of its time over 50,000 scores: a strided sample's r-th
    largest estimates a threshold that about 1.5 k scores clear; one pass keeps those; the k-th largest
    of that many is exact for all (every score not kept is below every kept one)."""
    n = scores.shape[0]
    step = max(1, n // 1024)
    m = (n + step - 1) // step
    r = min(m, int(1.5 * k * m / n) + 8)
    top = np.full(r, -np.inf)  # the sample's r largest, ascending
    for i in range(0, n, step):
        v = scores[i]
        if v > top[0]:
            j = 1
            while j < r and top[j] < v:
                top[j - 1] = top[j]
                j += 1
            top[j - 1] = v
    threshold = top[0]
    at = np.empty(n, dtype=np.int64)
    vals = np.empty(n, dtype=scores.dtype)
    c = 0
    for i in range(n):
        v = scores[i]
        at[c] = i
        vals[c] = v
        c += v >= threshold  # without a branch: which scores clear it is noise to a predictor
    if c < k:
        return at[:0].copy()
    kth = np.partition(vals[:c], c - k)[c - k]
    out = np.empty(c, dtype=np.int64)
    kept = 0
    for j in range(c):
        out[kept] = at[j]
        kept += vals[j] >= kth
    return out[:kept].copy()


@lru_cache(maxsize=1)
def load() -> None:
    """Load (or compile, once) every kernel for the argument types ranking passes them.

    A process takes ~0.5 s for this, once. Done when a pipeline is built (``RankingPipeline``), before
    a batch forks its workers: they inherit the loaded code instead of each loading it on its first
    vacancy. Synchronous on purpose: a fork while another thread held numba's lock would leave the
    child waiting on it forever."""
    i64, i32, f64 = np.zeros(1, np.int64), np.zeros(2, np.int32), np.zeros(1)
    none = np.zeros(0, np.int64)
    leading_rows(
        none, i32, i32, f64, i32, i32, f64, i32, i32, f64, f64, f64, ALL, 0, f64, ALL, 0, f64, f64,
        np.zeros((0, 6)),
    )  # fmt: skip
    other_features(
        none, np.zeros((0, 6)), np.zeros((0, 14)), np.zeros((0, 2)), np.zeros(0, np.int8), f64, 0, True,
        f64, i64, f64, 30.0, np.zeros(1, np.uint64), np.zeros(0, np.uint64), 0, True, f64, 0.0, f64, 0.0,
        i64, 1, f64, 0.0,
    )  # fmt: skip
    finish_commute(np.zeros((0, 14)), np.zeros((0, 2)), np.zeros(0, np.int8))
    union_rows(1, i32, i32, none, i32, i32, none, none, none)
    constraint_bits(
        none, np.zeros((0, 1)), none, 0.0, i64, 1, np.zeros(1, np.uint64), np.zeros(0, np.uint64), f64,
        0.0, np.zeros(1, np.bool_),
    )  # fmt: skip
    held_columns(none, i32, i32, none)
    f32 = np.zeros(1, np.float32)
    add_postings(np.zeros((0, 1), np.float32), np.zeros(1, np.int64), none, f32, i32, i32, f32)
    # A word's UTF-8 arrives read-only (``np.frombuffer`` of its bytes): numba compiles that type apart.
    gram_columns(np.frombuffer(b"  ", dtype=np.uint8), np.arange(3, dtype=np.int64), 3, 5, 8)
    l2_normalise_rows(i32, f32)
    at_least_kth(f32, 1)
    at_least_kth(f64, 1)
