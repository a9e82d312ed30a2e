/**
 * Routing and SLA core of the human hand-off, in plain Java with an injected {@link java.time.Clock}; the
 * Redis-backed server and the load simulator drive it.
 *
 * <ul>
 *   <li>{@link io.kefu.routing.AssignmentPlanner}: which queued chat goes to which online agent (tickets first, then
 *       earliest SLA deadline, VIP, age; least-loaded agent with the skill, honouring transfers and exclusions,
 *       never over capacity).</li>
 *   <li>{@link io.kefu.routing.SlaPolicy}, {@link io.kefu.routing.SlaCheckpoints},
 *       {@link io.kefu.routing.FirstResponseClock}: first-response deadlines, warnings at 50/80/95 % and the breach,
 *       fired through a {@link io.kefu.routing.Scheduler} ({@link io.kefu.routing.VirtualScheduler} runs on virtual
 *       time for tests and simulation).</li>
 *   <li>{@link io.kefu.routing.ErlangC}, {@link io.kefu.routing.TrafficMeter}, {@link io.kefu.routing.WaitEstimator},
 *       {@link io.kefu.routing.WaitNotice}: live traffic, queue waits and what customers are told.</li>
 *   <li>{@link io.kefu.routing.StaffingAssessor}, {@link io.kefu.routing.StaffingAlarm},
 *       {@link io.kefu.routing.StaffingAlertText}: agents needed per skill versus online, and when to alert the
 *       WeCom group.</li>
 * </ul>
 */
package io.kefu.routing;
