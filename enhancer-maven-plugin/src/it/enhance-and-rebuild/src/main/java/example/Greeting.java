package example;

/** Not an entity: must stay as compiled. */
public class Greeting {
  private String text = "hello";

  public void setText(String text) {
    this.text = text;
  }
}
