package dev.ergokv.it;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An entity with collection, map and optional fields: enhanced classes track the collections in
 * place, un-enhanced ones compare encodings; both must store the same bytes.
 */
@Entity("Profile")
public class Profile {

  @Key private String handle;
  private List<String> tags = new ArrayList<>();
  private Map<String, Integer> counters = new LinkedHashMap<>();
  private Optional<String> nickname = Optional.empty();

  protected Profile() {}

  public Profile(String handle) {
    this.handle = handle;
  }

  public String getHandle() {
    return handle;
  }

  public List<String> getTags() {
    return tags;
  }

  /** Replaces the tags with {@code tags} itself (not a copy): the caller may keep changing it. */
  public void setTags(List<String> tags) {
    this.tags = tags;
  }

  public Map<String, Integer> getCounters() {
    return counters;
  }

  public Optional<String> getNickname() {
    return nickname;
  }

  public void setNickname(String nickname) {
    this.nickname = Optional.ofNullable(nickname);
  }

  /** Counts one more {@code event}, in place in the stored map. */
  public void count(String event) {
    counters.merge(event, 1, Integer::sum);
  }
}
