package io.tidecast.stream;

/** Type tags written before each state object so a reader can tell what it is looking at. */
final class StateTags {
  static final int SLIDING_WINDOW = 1;
  static final int STANDARD_SCALER = 2;
  static final int MIN_MAX_SCALER = 3;
  static final int PREQUENTIAL_EVALUATOR = 4;
  static final int HOLT_WINTERS = 5;
  static final int REPLAY_BUFFER = 6;
  static final int KEY_STATE = 7;
  static final int MODEL_STATE = 8;
  static final int FORECAST_ENSEMBLE = 9;
  static final int GLOBAL_KEY_STATE = 10;

  private StateTags() {}

  /** The format's name in error messages (a format name: the scalers' classes are now Online*Scaler). */
  static String name(int tag) {
    switch (tag) {
      case SLIDING_WINDOW: return "SlidingWindow";
      case STANDARD_SCALER: return "StandardScaler";
      case MIN_MAX_SCALER: return "MinMaxScaler";
      case PREQUENTIAL_EVALUATOR: return "PrequentialEvaluator";
      case HOLT_WINTERS: return "HoltWinters";
      case REPLAY_BUFFER: return "ReplayBuffer";
      case KEY_STATE: return "KeyState";
      case MODEL_STATE: return "ModelState";
      case FORECAST_ENSEMBLE: return "ForecastEnsemble";
      case GLOBAL_KEY_STATE: return "GlobalKeyState";
      default: return "unknown(" + tag + ")";
    }
  }
}
