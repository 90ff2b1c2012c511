package io.passport.customers.sandbox;

import io.passport.customers.model.Address;
import io.passport.customers.model.Customer;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Deterministic, realistic Colombian business customers: the same seed and count give the same
 * customers, in order of creation. NIT (nine digits) and CC numbers, four-digit merchant category
 * codes, addresses in Colombian cities, names with tildes and ñ, a few statuses, and creation times
 * spread from 2023-01-01 to 2025-10-01 with updates after them.
 */
final class SyntheticCustomers {
  static final Instant FIRST_CREATED = Instant.parse("2023-01-01T00:00:00Z");
  static final Instant LAST_CREATED = Instant.parse("2025-10-01T00:00:00Z");

  private static final String[] TRADES = {
    "Comercializadora", "Distribuidora", "Inversiones", "Panadería", "Cafetería", "Ferretería",
    "Droguería", "Confecciones", "Papelería", "Transportes", "Textiles", "Agroindustrias", "Café",
    "Tecnología", "Construcciones", "Lácteos", "Artesanías", "Importadora",
  };
  private static final String[] NAMES = {
    "Muñoz", "Peña", "Ibáñez", "Castañeda", "Núñez", "Gómez", "Rodríguez", "Martínez", "Pérez",
    "López", "Díaz", "Álvarez", "Quiñones", "Londoño", "Zúñiga", "Ospina", "Cárdenas", "Acuña",
    "El Cañón", "La Montaña", "Santa Lucía", "San José", "Los Andes", "El Porvenir", "Orquídea",
  };
  private static final String[] FORMS = {" S.A.S.", " Ltda.", " y Cía.", " S.A.", " S.A.S."};
  private static final String[][] CITIES = {
    {"Bogotá", "Bogotá D.C.", "110111"}, {"Medellín", "Antioquia", "050001"},
    {"Cali", "Valle del Cauca", "760001"}, {"Barranquilla", "Atlántico", "080001"},
    {"Cartagena", "Bolívar", "130001"}, {"Bucaramanga", "Santander", "680001"},
    {"Pereira", "Risaralda", "660001"}, {"Manizales", "Caldas", "170001"},
    {"Cúcuta", "Norte de Santander", "540001"}, {"Santa Marta", "Magdalena", "470001"},
    {"Ibagué", "Tolima", "730001"}, {"Pasto", "Nariño", "520001"},
    {"Villavicencio", "Meta", "500001"}, {"Neiva", "Huila", "410001"}, {"Popayán", "Cauca", "190001"},
  };
  private static final String[] STREETS = {"Calle", "Carrera", "Avenida", "Diagonal", "Transversal"};
  private static final String[] MERCHANT_CATEGORY_CODES = {
    "5411", "5812", "5912", "5999", "7011", "4121", "5311", "5651", "0742", "5732", "1520", "8211",
  };

  // Compiled once: slug() runs for every customer made, and the sandbox embedded in the CLI makes 250 at start.
  private static final Pattern MARKS = Pattern.compile("\\p{M}");
  private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
  private static final Pattern OUTER_DOTS = Pattern.compile("^\\.|\\.$");

  private SyntheticCustomers() {}

  static List<Customer> generate(long seed, int count) {
    return generate(seed, count, FIRST_CREATED, LAST_CREATED);
  }

  /** As {@link #generate(long, int)}, with creation times spread from {@code from} to before {@code to}. */
  static List<Customer> generate(long seed, int count, Instant from, Instant to) {
    Random random = new Random(seed);
    List<Customer> customers = new ArrayList<>(count);
    long span = Math.max(1, Duration.between(from, to).toMillis());
    long step = Math.max(1, span / Math.max(1, count));
    for (int i = 0; i < count; i++) {
      long jitter = random.nextInt((int) Math.min(step, Integer.MAX_VALUE));
      // A window of fewer milliseconds than customers shares its milliseconds out instead of running past its end.
      Instant created = from.plusMillis(span >= count ? i * step + jitter : i * span / count);
      customers.add(customer(random, i + 1, created));
    }
    return customers;
  }

  /** One customer drawn from {@code random}, created at {@code created}; {@code n} makes the e-mail unique. */
  static Customer customer(Random random, long n, Instant created) {
    String name = pick(random, TRADES) + " " + pick(random, NAMES) + pick(random, FORMS);
    boolean nit = random.nextInt(100) < 80;
    String[] city = CITIES[random.nextInt(CITIES.length)];
    Instant updated = created.plusMillis((long) (random.nextDouble() * Duration.ofDays(120).toMillis()));
    return new Customer()
        .id(new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
            random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString())
        .type("BUSINESS")
        .businessName(name)
        .email(slug(name) + "." + n + "@example.com")
        .mobilePhoneNumber("573" + digits(random, 9))
        .identificationType(nit ? "NIT" : "CC")
        .identificationNumber(nit ? (random.nextBoolean() ? "8" : "9") + digits(random, 8)
            : (1 + random.nextInt(9)) + digits(random, 7 + random.nextInt(3)))
        .merchantCategoryCode(pick(random, MERCHANT_CATEGORY_CODES))
        .status(status(random))
        .address(new Address()
            .line1(pick(random, STREETS) + " " + (1 + random.nextInt(150)) + " # " + (1 + random.nextInt(99))
                + "-" + (1 + random.nextInt(99)))
            .city(city[0])
            .state(city[1])
            .postCode(city[2])
            .country("CO"))
        .createdAt(OffsetDateTime.ofInstant(created, ZoneOffset.UTC))
        .updatedAt(OffsetDateTime.ofInstant(updated, ZoneOffset.UTC));
  }

  private static String status(Random random) {
    int roll = random.nextInt(100);
    return roll < 80 ? "ACTIVE" : roll < 90 ? "INACTIVE" : roll < 96 ? "PENDING" : "BLOCKED";
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static String digits(Random random, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append((char) ('0' + random.nextInt(10)));
    }
    return s.toString();
  }

  private static String slug(String name) {
    String ascii = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
    return OUTER_DOTS.matcher(NOT_SLUG.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll(".")).replaceAll("");
  }
}
