package io.kefu.routing;

/** How short-staffed a skill is, from fine to critical. */
public enum StaffingLevel { GREEN, YELLOW, ORANGE, RED }
