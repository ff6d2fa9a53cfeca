package dev.ergokv.migrate;

/**
 * The converter from version 2 to 3: the login becomes an email address, lower-cased (so logins
 * that differed only by case collide in the new unique index).
 */
public class PersonV2ToV3 implements Migration<PersonV2, Person> {

  @Override
  public Person migrate(PersonV2 previous) {
    String email = previous.login == null ? null : previous.login.toLowerCase(java.util.Locale.ROOT) + "@example.com";
    return new Person(previous.id, email, previous.firstName, previous.lastName, previous.city);
  }
}
