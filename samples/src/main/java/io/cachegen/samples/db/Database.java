package io.cachegen.samples.db;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * A database reached through plain JDBC: a fixed pool of connections, all set to the demo schema, and a
 * count of the statements run through it, so that the demo can show how many queries the cache saved.
 *
 * <p>{@link #h2InMemory()} is the embedded default; {@link #connect} takes any JDBC URL (PostgreSQL is
 * the one tested). A {@link #withOwnCounter() view} shares the pool and counts on its own, so that two
 * app instances on one database each know their query count.
 */
public final class Database implements AutoCloseable {

  /** The schema the demo creates, drops and uses; nothing outside it is touched. */
  public static final String SCHEMA = "cachegen_demo";

  /** The SQL dialects the repositories know. */
  public enum Dialect {
    H2,
    POSTGRESQL
  }

  /** Maps the current row of a result set. */
  @FunctionalInterface
  public interface RowMapper<T> {
    /** The value of the current row. */
    T map(ResultSet rs) throws SQLException;
  }

  /** Work done on one connection, for seeding. */
  @FunctionalInterface
  public interface ConnectionWork<T> {
    /** Does the work. */
    T run(Connection connection) throws SQLException;
  }

  private final Pool pool;
  private final LongAdder queries;

  private Database(Pool pool, LongAdder queries) {
    this.pool = pool;
    this.queries = queries;
  }

  /** A fresh in-memory H2 database of its own, alive until {@link #close()}. */
  public static Database h2InMemory() {
    String url = "jdbc:h2:mem:cachegen-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    return connect(url, "sa", "", 16);
  }

  /**
   * Connects to {@code jdbcUrl} with a pool of {@code poolSize} connections. The schema {@link #SCHEMA}
   * must exist before the first statement: create it with {@link Schema#recreate}.
   */
  public static Database connect(String jdbcUrl, String user, String password, int poolSize) {
    requireNonNull(jdbcUrl, "jdbcUrl");
    Dialect dialect;
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      dialect = Dialect.H2;
    } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      dialect = Dialect.POSTGRESQL;
    } else {
      throw new IllegalArgumentException("unsupported JDBC URL (H2 or PostgreSQL): " + jdbcUrl);
    }
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    if (dialect == Dialect.POSTGRESQL) {
      props.setProperty("reWriteBatchedInserts", "true");
    }
    return new Database(new Pool(jdbcUrl, props, dialect, poolSize), new LongAdder());
  }

  /** A view on the same pool whose query count starts at zero and is its own. */
  public Database withOwnCounter() {
    return new Database(pool, new LongAdder());
  }

  /** The dialect of the database. */
  public Dialect dialect() {
    return pool.dialect;
  }

  /** The JDBC URL. */
  public String url() {
    return pool.url;
  }

  /** The statements run through this view so far. */
  public long queryCount() {
    return queries.sum();
  }

  /** Runs a query and maps every row. Counts one query. */
  public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
    return withConnection(
        c -> {
          try (PreparedStatement ps = prepare(c, sql, params);
              ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
              rows.add(mapper.map(rs));
            }
            return rows;
          }
        },
        true);
  }

  /** Runs a query and maps its first row, or returns {@code null} if there is none. Counts one query. */
  public <T> T queryOne(String sql, RowMapper<T> mapper, Object... params) {
    List<T> rows = query(sql, mapper, params);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** Runs an insert, update or delete and returns the row count. Counts one query. */
  public int update(String sql, Object... params) {
    return withConnection(
        c -> {
          try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
          }
        },
        true);
  }

  /** Runs an insert and returns the generated {@code id}. Counts one query. */
  public long insertReturningId(String sql, Object... params) {
    return withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
            bind(ps, params);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
              if (!keys.next()) {
                throw new SQLException("no id generated by: " + sql);
              }
              return keys.getLong(1);
            }
          }
        },
        true);
  }

  /** Runs work on one connection inside a transaction, not counted (schema set-up and seeding). */
  public <T> T transaction(ConnectionWork<T> work) {
    return withConnection(
        c -> {
          c.setAutoCommit(false);
          try {
            T result = work.run(c);
            c.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        },
        false);
  }

  /** Runs work on one connection inside a transaction and counts it as {@code statements} queries. */
  public <T> T transaction(int statements, ConnectionWork<T> work) {
    T result = transaction(work);
    queries.add(statements);
    return result;
  }

  private <T> T withConnection(ConnectionWork<T> work, boolean count) {
    Connection c = pool.borrow();
    try {
      if (count) {
        queries.increment();
      }
      return work.run(c);
    } catch (SQLException e) {
      throw new DatabaseException(e.getMessage(), e);
    } finally {
      pool.release(c);
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      bind(ps, params);
      return ps;
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }

  /** Binds positional parameters. */
  public static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      int index = i + 1;
      if (p instanceof Long l) {
        ps.setLong(index, l);
      } else if (p instanceof Integer n) {
        ps.setInt(index, n);
      } else if (p instanceof String str) {
        ps.setString(index, str);
      } else if (p instanceof Double d) {
        ps.setDouble(index, d);
      } else if (p instanceof Boolean b) {
        ps.setBoolean(index, b);
      } else {
        ps.setObject(index, p);
      }
    }
  }

  /** Closes every connection of the pool; every view of it stops working. */
  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    return "Database[" + pool.dialect + " " + pool.url + "]";
  }

  /** A failed statement. */
  public static final class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DatabaseException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final class Pool implements AutoCloseable {
    final String url;
    final Properties props;
    final Dialect dialect;
    final BlockingQueue<Connection> idle;
    final List<Connection> all = new ArrayList<>();
    volatile boolean closed;

    Pool(String url, Properties props, Dialect dialect, int size) {
      this.url = url;
      this.props = props;
      this.dialect = dialect;
      this.idle = new ArrayBlockingQueue<>(size);
      try {
        for (int i = 0; i < size; i++) {
          Connection c = DriverManager.getConnection(url, props);
          all.add(c);
          idle.add(c);
        }
      } catch (SQLException e) {
        close();
        throw new DatabaseException("cannot connect to " + url + ": " + e.getMessage(), e);
      }
    }

    Connection borrow() {
      if (closed) {
        throw new IllegalStateException("database closed");
      }
      try {
        return idle.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for a connection", e);
      }
    }

    void release(Connection c) {
      idle.offer(c);
    }

    /** Points every connection at the demo schema. */
    void useSchema() throws SQLException {
      for (Connection c : all) {
        try (Statement st = c.createStatement()) {
          st.execute(dialect == Dialect.H2 ? "SET SCHEMA " + SCHEMA : "SET search_path TO " + SCHEMA);
        }
      }
    }

    @Override
    public void close() {
      closed = true;
      for (Connection c : all) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // closing anyway
        }
      }
    }
  }

  void useSchema() {
    try {
      pool.useSchema();
    } catch (SQLException e) {
      throw new DatabaseException("cannot use schema " + SCHEMA + ": " + e.getMessage(), e);
    }
  }
}
