package dev.ergokv.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.ErgoKv;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Range queries over ordered indexes, through queries and repository finders. */
@EndToEnd(entities = Employee.class)
class RangeQueryTest {

  private static final LocalDate FIRST_HIRE = LocalDate.of(2020, 1, 6);

  /** Employees 1..50 aged 20..69 (id 1 is 20), plus 51 and 52 aged 30 like id 11. */
  @BeforeAll
  static void hire(ErgoKv kv) {
    kv.transact(
        tx -> {
          for (long id = 1; id <= 50; id++) {
            tx.insert(new Employee(id, "e" + id, 19 + (int) id, FIRST_HIRE.plusWeeks(id)));
          }
          tx.insert(new Employee(52, "e52", 30, FIRST_HIRE));
          tx.insert(new Employee(51, "e51", 30, FIRST_HIRE));
        });
  }

  @Test
  void boundsAreInclusiveOrExclusiveAsAsked(ErgoKv kv) {
    List<Integer> fromBefore =
        kv.read(tx -> ages(tx.query(Employee.class, "age").from(60).before(64).list()));
    List<Integer> afterTo =
        kv.read(tx -> ages(tx.query(Employee.class, "age").after(60).to(64).list()));
    List<Integer> between =
        kv.read(tx -> ages(tx.query(Employee.class, "age").between(66, 69).list()));
    List<Integer> toOnly = kv.read(tx -> ages(tx.query(Employee.class, "age").to(21).list()));
    List<Integer> inverted =
        kv.read(tx -> ages(tx.query(Employee.class, "age").from(40).before(30).list()));

    assertThat(fromBefore).containsExactly(60, 61, 62, 63);
    assertThat(afterTo).containsExactly(61, 62, 63, 64);
    assertThat(between).containsExactly(66, 67, 68, 69);
    assertThat(toOnly).containsExactly(20, 21);
    assertThat(inverted).isEmpty();
  }

  @Test
  void resultsComeByValueThenByKey(ErgoKv kv) {
    List<Long> aged29to31 =
        kv.read(
            tx ->
                tx.query(Employee.class, "age").between(29, 31).stream()
                    .map(Employee::getId)
                    .toList());

    assertThat(aged29to31).containsExactly(10L, 11L, 51L, 52L, 12L);
  }

  @Test
  void limitCountAndFirst(ErgoKv kv) {
    List<Integer> firstThreeOver40 =
        kv.read(tx -> ages(tx.query(Employee.class, "age").after(40).limit(3).list()));
    long over40 = kv.read(tx -> tx.query(Employee.class, "age").after(40).count());
    Optional<Employee> youngest = kv.read(tx -> tx.query(Employee.class, "age").first());

    assertThat(firstThreeOver40).containsExactly(41, 42, 43);
    assertThat(over40).isEqualTo(29);
    assertThat(youngest).map(Employee::getId).contains(1L);
  }

  @Test
  void datesRangeChronologically(ErgoKv kv) {
    List<Long> hiredInFebruary2020 =
        kv.read(
            tx ->
                tx.query(Employee.class, "hired")
                    .between(LocalDate.of(2020, 2, 1), LocalDate.of(2020, 2, 29))
                    .stream()
                    .map(Employee::getId)
                    .toList());

    // 2020-01-06 plus 4..7 weeks: Feb 3, 10, 17, 24.
    assertThat(hiredInFebruary2020).containsExactly(4L, 5L, 6L, 7L);
  }

  @Test
  void repositoryRangeFinders(ErgoKv kv) {
    Employees employees = kv.repository(Employees.class);

    assertThat(ages(employees.byAgeBetween(20, 22))).containsExactly(20, 21, 22);
    assertThat(ages(employees.findByAgeGreaterThan(67))).containsExactly(68, 69);
    assertThat(ages(employees.findByAgeLessThanEqual(21))).containsExactly(20, 21);
    assertThat(employees.countByAgeGreaterThanEqual(60)).isEqualTo(10);
  }

  private static List<Integer> ages(List<Employee> employees) {
    return employees.stream().map(Employee::getAge).toList();
  }
}
