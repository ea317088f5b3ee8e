package uk.gov.council.carefrontdoor.engine;

import java.util.List;

import org.operaton.bpm.engine.AuthorizationService;
import org.operaton.bpm.engine.authorization.Authorization;
import org.operaton.bpm.engine.authorization.Permission;
import org.operaton.bpm.engine.authorization.Resource;

/** Sets what a user or a group is granted on a resource to exactly the permissions given, on every start. */
final class Grants {

  private Grants() {
  }

  /** Exactly one of userId and groupId is given. */
  static void set(AuthorizationService authorizations, String userId, String groupId, Resource resource, String resourceId, List<? extends Permission> permissions) {
    var query = authorizations.createAuthorizationQuery().resourceType(resource).resourceId(resourceId);
    Authorization existing = (userId != null ? query.userIdIn(userId) : query.groupIdIn(groupId)).singleResult();
    Authorization grant = existing != null ? existing : authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    if (userId != null) grant.setUserId(userId);
    else grant.setGroupId(groupId);
    grant.setResource(resource);
    grant.setResourceId(resourceId);
    grant.setPermissions(permissions.toArray(new Permission[0]));
    authorizations.saveAuthorization(grant);
  }
}
