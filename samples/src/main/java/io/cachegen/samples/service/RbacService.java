package io.cachegen.samples.service;

import io.cachegen.Cached;
import io.cachegen.Invalidates;
import io.cachegen.samples.domain.Policy;
import java.util.List;

/** Role-based access control: policies per role, and the enforce decision asked on every request. */
public interface RbacService {

  /** The policies of a role, ordered by resource and action. */
  @Cached(prefix = "rbac:policy:", ttl = "5m")
  List<Policy> policiesForRole(String role);

  /** Whether the user may do {@code action} on {@code resource}; denied unless a policy allows it. */
  @Cached(prefix = "rbac:enforce:", ttl = "30s")
  boolean enforce(long userId, String resource, String action);

  /**
   * Gives a user another role. {@code InvalidateRBACForUser}: every decision cached for this user
   * ({@code rbac:enforce:<userId>:…}), and the user record, which carries the role.
   */
  @Invalidates(prefix = "rbac:enforce:", key = "{userId}", allEntries = true)
  @Invalidates(prefix = "user:", key = "{userId}")
  void assignRole(long userId, String role);

  /** Creates or changes one rule. {@code InvalidateAllRBAC}: every policy list and every decision. */
  @Invalidates(prefix = "rbac:policy:", allEntries = true)
  @Invalidates(prefix = "rbac:enforce:", allEntries = true)
  void putPolicy(Policy policy);
}
