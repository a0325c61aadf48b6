package io.cachegen.samples.boot;

import io.cachegen.samples.domain.User;
import io.cachegen.samples.service.UserService;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /users}: reads are cached by the generated decorator, a PUT invalidates the user. */
@RestController
@RequestMapping("/users")
public class UserController {
  private final UserService users;

  /** Over whatever {@code UserService} the context holds: the generated {@code CachedUserService}. */
  public UserController(UserService users) {
    this.users = users;
  }

  /** One user, or 404. */
  @GetMapping("/{id}")
  public ResponseEntity<User> user(@PathVariable("id") long id) {
    User user = users.getUser(id);
    return user == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(user);
  }

  /** Saves a user's profile; the body's id must be the path's. */
  @PutMapping("/{id}")
  public ResponseEntity<User> update(@PathVariable("id") long id, @RequestBody User user) {
    if (user.id() != id) {
      return ResponseEntity.badRequest().build();
    }
    users.updateUser(user);
    return ResponseEntity.ok(user);
  }
}
