package io.kefu.store;

/** Every Redis key Kefu uses, in one place. All keys share the {@code kefu:} prefix. */
public final class RedisKeys {
  public static final String PREFIX = "kefu:";

  private RedisKeys() {
  }

  /** Dedup claim of one inbound push (hash: state, lease, conv, reply). */
  public static String dedup(String account, String from, String messageKey) {
    return PREFIX + "dedup:" + account + ":" + from + ":" + messageKey;
  }

  /**
   * Acknowledged pushes of a channel whose answer is still to be sent (sorted set: dedup keys by the end of their
   * owner's lease); the dedup hash holds answer, owner and utterance.
   */
  public static String pendingAnswers(String channel) {
    return PREFIX + "pending:" + channel;
  }

  /** Pointer from a channel user to the id of their open conversation. */
  public static String openConversation(String channel, String account, String user) {
    return PREFIX + "conv:open:" + channel + ":" + account + ":" + user;
  }

  /** Counter that hands out conversation ids. */
  public static String conversationSequence() {
    return PREFIX + "seq:conv";
  }

  /** Conversation metadata (hash). */
  public static String conversation(String conversationId) {
    return PREFIX + "conv:" + conversationId;
  }

  /** Conversation transcript (stream). */
  public static String transcript(String conversationId) {
    return PREFIX + "conv:" + conversationId + ":msgs";
  }

  /** What the bot remembers of a conversation (JSON string with a TTL). */
  public static String dialogue(String conversationId) {
    return PREFIX + "conv:" + conversationId + ":bot";
  }

  /** The 48-hour / N-message customer-service window of one user (hash: opened, expires, quota, used). */
  public static String window(String account, String openId) {
    return PREFIX + "window:" + account + ":" + openId;
  }

  /** Cached access token of one AppID (hash: token, expiresAt). */
  public static String accessToken(String appId) {
    return PREFIX + "token:" + appId;
  }

  /** Cluster-wide lock held by the one node refreshing an AppID's token. */
  public static String accessTokenLock(String appId) {
    return PREFIX + "token:" + appId + ":lock";
  }

  // Customers, canned replies and satisfaction surveys (CustomerDirectory, CannedReplyStore, SurveyResults).

  /** A customer's profile (hash: identity, tier, vip, stage, note, {@code tag.<dimension>} fields …). */
  public static String customer(String customerId) {
    return PREFIX + "customer:" + customerId;
  }

  /** The conversations of a customer (zset: conversation id, score = when it was linked, epoch ms). */
  public static String customerConversations(String customerId) {
    return PREFIX + "customer:" + customerId + ":convs";
  }

  /** The customer ids that share a WeChat UnionID, across accounts and channels (set). */
  public static String unionId(String unionId) {
    return PREFIX + "unionid:" + unionId;
  }

  /** Canned replies written by agents (hash: id → JSON). */
  public static String cannedReplies() {
    return PREFIX + "canned";
  }

  /** The satisfaction survey of one conversation (hash: sentAt, answeredAt, score, agent). */
  public static String survey(String conversationId) {
    return PREFIX + "survey:" + conversationId;
  }

  /** Every survey by time (zset: conversation id, score = when it was sent, or answered if never sent). */
  public static String surveys() {
    return PREFIX + "surveys";
  }

  // --- Agent accounts, authentication and audit (io.kefu.agent) ---

  /**
   * One agent account (hash: id, name, roles, groups, maxChats, disabled, pwd, createdAt). Routing adds
   * its own fields (presence, presenceAt) to the same hash, so account writes set their fields only.
   */
  public static String agent(String agentId) {
    return PREFIX + "agent:" + agentId;
  }

  /** Ids of all agent accounts (set). */
  public static String agents() {
    return PREFIX + "agents";
  }

  /** Failed logins of one agent id in the current window (counter with a TTL; 5 lock the id). */
  public static String agentLoginFailures(String agentId) {
    return PREFIX + "agent:" + agentId + ":failures";
  }

  /** The JWT signing secret shared by all nodes when none is configured (string, set once). */
  public static String jwtSecret() {
    return PREFIX + "secret:jwt";
  }

  /** The audit log (stream: at, actor, action, target, detail). */
  public static String audit() {
    return PREFIX + "audit";
  }

  // --- hand-off: queues, agents' routing state, traffic ---

  /** Queue of one skill group (sorted set: conversation id by deadline ms). */
  public static String queue(String skill) {
    return PREFIX + "queue:" + skill;
  }

  /** Skill groups that ever had a queue (set). */
  public static String skills() {
    return PREFIX + "skills";
  }

  /** Conversations assigned to an agent right now (set): the agent's load. */
  public static String agentChats(String agentId) {
    return PREFIX + "agent:" + agentId + ":chats";
  }

  /** Agents whose presence is online (set). */
  public static String onlineAgents() {
    return PREFIX + "agents:online";
  }

  /** Nodes holding console sockets (sorted set: node id by its last heartbeat ms): the socket leases. */
  public static String socketNodes() {
    return PREFIX + "sockets:nodes";
  }

  /** Console sockets one node holds (hash: agent id → count); gone with the node's lease. */
  public static String nodeSockets(String nodeId) {
    return nodeSocketsPrefix() + nodeId;
  }

  /** Agents without a console socket, by when they go offline unless one is back (sorted set: agent by due ms). */
  public static String socketsOfflineDue() {
    return PREFIX + "sockets:offline-due";
  }

  /** Prefix of {@link #nodeSockets}, for scripts that visit every node. */
  public static String nodeSocketsPrefix() {
    return PREFIX + "sockets:node:";
  }

  /** Escalations of a skill over the arrival window (sorted set by time): the live arrival rate. */
  public static String arrivals(String skill) {
    return PREFIX + "arrivals:" + skill;
  }

  /** Recent handle times of a skill in ms (list, newest first). */
  public static String handleTimes(String skill) {
    return PREFIX + "handle:" + skill;
  }

  /** The node that owns a conversation's SLA timers (string with a TTL). */
  public static String slaTimerOwner(String conversationId) {
    return PREFIX + "conv:" + conversationId + ":timer";
  }

  /**
   * Set once when an SLA checkpoint of one escalation was raised (string with a TTL), so a node that takes the
   * timers over does not raise it again. {@code checkpoint} is the warning fraction or {@code breach}.
   */
  public static String slaRaised(String conversationId, long escalatedAtMillis, String checkpoint) {
    return PREFIX + "conv:" + conversationId + ":sla:" + escalatedAtMillis + ":" + checkpoint;
  }

  /** Escalated conversations still waiting for their first human reply (sorted set by deadline). */
  public static String awaitingFirstResponse() {
    return PREFIX + "frt:awaiting";
  }

  /** Pub/sub channel of hand-off events, so every node can tell its connected agents. */
  public static String events() {
    return PREFIX + "events";
  }

  /** The staffing level last announced for a skill group (string). */
  public static String staffingAnnounced(String skill) {
    return PREFIX + "staffing:" + skill + ":announced";
  }

  // --- WeCom 微信客服 (io.kefu.channel.wecom) ---

  /** Where the next {@code kf/sync_msg} page of a kf account starts (string, persistent). */
  public static String kfCursor(String openKfId) {
    return PREFIX + "wecom:kf:" + openKfId + ":cursor";
  }

  /** Lease of the one node pulling a kf account's messages (string: owner id, with a TTL). */
  public static String kfPullLease(String openKfId) {
    return PREFIX + "wecom:kf:" + openKfId + ":lease";
  }

  /** The latest doorbell token of a kf account not yet used by a pull (string, 10 min TTL). */
  public static String kfSignal(String openKfId) {
    return PREFIX + "wecom:kf:" + openKfId + ":signal";
  }

  /** What Kefu knows of a customer's 微信客服 session state (hash: state, servicer; 48 h TTL). */
  public static String kfSession(String openKfId, String externalUserId) {
    return PREFIX + "wecom:kf:" + openKfId + ":session:" + externalUserId;
  }

  // --- reports shared by all nodes (io.kefu.report) ---

  /** Counters of one UTC hour (hash: messages, escalations, botAnswered, conversations, handedOver, frt…). */
  public static String statsHour(long hourStartMs) {
    return PREFIX + "stats:hour:" + hourStartMs;
  }

  /** Recent first responses (sorted set: {@code at:frtMs:met:conversationId} by time), for percentiles. */
  public static String statsFrt() {
    return PREFIX + "stats:frt";
  }

  /** Customer messages the bot could not answer (stream: text, at, conv), capped and trimmed by age. */
  public static String unanswered() {
    return PREFIX + "unanswered";
  }
}
