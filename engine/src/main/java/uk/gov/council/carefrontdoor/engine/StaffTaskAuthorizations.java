package uk.gov.council.carefrontdoor.engine;

import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.operaton.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.operaton.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * Staff get no permission on a task from being offered it (candidate group or user), assigned it or owning it. The
 * engine's default grants them UPDATE on it, so anyone in contact-advisors could claim and complete a triage through
 * the REST API or Tasklist with variables the service never checked. Tasks are claimed and completed through the
 * service (POST /api/tasks/:key/assignment and /completion), which applies the council's rules and calls the engine
 * as the technical user; whatever else staff may do in the web apps is granted explicitly (Admin, Authorizations).
 */
@Component
public class StaffTaskAuthorizations extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setResourceAuthorizationProvider(new NoGrantsFromTasks());
  }

  /** The engine's defaults (users, groups, filters), less the grants that come with a task. */
  static class NoGrantsFromTasks extends DefaultAuthorizationProvider {

    @Override
    public AuthorizationEntity[] newTask(Task task) {
      return null;
    }

    @Override
    public AuthorizationEntity[] newTaskAssignee(Task task, String oldAssignee, String newAssignee) {
      return null;
    }

    @Override
    public AuthorizationEntity[] newTaskOwner(Task task, String oldOwner, String newOwner) {
      return null;
    }

    @Override
    public AuthorizationEntity[] newTaskUserIdentityLink(Task task, String userId, String type) {
      return null;
    }

    @Override
    public AuthorizationEntity[] newTaskGroupIdentityLink(Task task, String groupId, String type) {
      return null;
    }
  }
}
