package dev.ergokv.it;

import dev.ergokv.Repository;
import java.util.List;

/** Range finders over {@link Employee}'s ordered indexes. */
public interface Employees extends Repository<Employee, Long> {

  List<Employee> byAgeBetween(int from, int to);

  List<Employee> findByAgeGreaterThan(int age);

  List<Employee> findByAgeLessThanEqual(int age);

  long countByAgeGreaterThanEqual(int age);
}
