package org.commonground.benefit.pool;

/** How a pool is shared; each is stated in full in the README and in every explanation. */
public enum Method {
    /** the pool split by the points each member earned in the pool's period */
    PROPORTIONAL,
    /** lifetime fairness: the pool goes to members in proportion to how far they are below their lifetime target */
    BALANCED,
    /** points decayed by the policy's factor for every period they lie before the pool's period */
    RECENT
}
