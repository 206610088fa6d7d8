"""Realistic demo customers and vehicles (演示数据), generated without touching a database.

Why a pure generator: the first-start wizard, ``dealerdesk demo`` and the search benchmark
need the same believable data — Chinese names by surname frequency, mobiles, plates from
every province (new-energy plates included), VINs whose check digit is right — and tests
must be able to check every record with the domain's own validators. The same seed gives
the same data; plates, VINs and mobiles never repeat, also against ``taken_*`` values
already in the database.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, TypeVar

from domain.services.customers import CustomerInput, VehicleInput
from domain.validation import credit_code_check_char, id_number_check_char, vin_check_digit

T = TypeVar("T")

#: Every ``TWO_VEHICLE_EVERY``-th customer owns two vehicles, so a customer count maps to an
#: exact vehicle count (the benchmark asks for 200,000 vehicles).
TWO_VEHICLE_EVERY = 5


def vehicle_count(customers: int) -> int:
    """How many vehicles ``customers`` demo customers own."""
    return customers + customers // TWO_VEHICLE_EVERY


def customers_for_vehicles(vehicles: int) -> int:
    """The smallest customer count whose demo data has at least ``vehicles`` vehicles."""
    customers = vehicles * TWO_VEHICLE_EVERY // (TWO_VEHICLE_EVERY + 1)
    while vehicle_count(customers) < vehicles:
        customers += 1
    return customers


class _Weighted(Generic[T]):
    """A fixed weighted choice with precomputed cumulative weights (fast for 200,000 draws)."""

    def __init__(self, items: Sequence[tuple[T, float]]) -> None:
        self.values = [value for value, _ in items]
        self.cumulative = list(accumulate(weight for _, weight in items))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect_right(self.cumulative, rng.random() * self.total)]


# --- people ---------------------------------------------------------------------------------
# Surname frequencies (per mille, rounded) after the 2020 census ranking.
_SURNAMES = _Weighted([
    ("王", 71), ("李", 70), ("张", 68), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 22),
    ("赵", 22), ("吴", 20), ("周", 19), ("徐", 17), ("孙", 15), ("马", 15), ("朱", 14),
    ("胡", 13), ("郭", 12), ("何", 12), ("林", 11), ("高", 11), ("罗", 11), ("郑", 10),
    ("梁", 10), ("谢", 8), ("宋", 8), ("唐", 8), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7),
    ("曹", 7), ("彭", 6), ("曾", 6), ("肖", 6), ("田", 6), ("董", 5), ("袁", 5), ("潘", 5),
    ("于", 5), ("蒋", 5), ("蔡", 5), ("余", 5), ("杜", 5), ("叶", 4), ("程", 4), ("苏", 4),
    ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4), ("姚", 3), ("卢", 3), ("姜", 3),
    ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3),
    ("廖", 3), ("贾", 3), ("夏", 3), ("韦", 3), ("付", 3), ("方", 3), ("白", 2), ("邹", 2),
    ("孟", 2), ("熊", 2), ("秦", 2), ("邱", 2), ("江", 2), ("尹", 2), ("薛", 2), ("闫", 2),
    ("段", 2), ("雷", 2), ("侯", 2), ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2),
    ("顾", 2), ("毛", 2), ("郝", 2), ("龚", 2), ("邵", 2), ("万", 2), ("钱", 2), ("严", 1),
    ("覃", 1), ("武", 1), ("戴", 1), ("莫", 1), ("孔", 1), ("向", 1), ("汤", 1),
    ("欧阳", 0.3), ("司马", 0.05), ("诸葛", 0.05), ("上官", 0.05),
])  # fmt: skip
_GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉鹏飞宇浩然子轩梓涵"
    "欣怡雨晨思远佳琪俊峰海燕志国立新永健婷雪梅晓东丹波斌宁凯博文昊天晨阳一鸣雅琴慧颖"
    "楠嘉欣瑞泽浩宇梦洁春生金凤德福荣亮成林云龙佳怡诗雨家豪子豪凌薇冬梅秋菊淑珍"
)
_COMPANY_WORDS = ("恒达", "宏远", "鑫源", "华通", "安顺", "众诚", "利民", "天成", "瑞丰",
                  "顺捷", "永盛", "嘉禾", "博远", "聚力", "新程")
_COMPANY_TRADES = ("物流", "建材", "贸易", "商贸", "汽车租赁", "科技", "建筑工程", "餐饮管理",
                   "电子", "医药", "家政服务", "文化传媒")
_MOBILE_PREFIXES = _Weighted([
    (p, 3.0) for p in ("130", "131", "132", "133", "135", "136", "137", "138", "139")
] + [
    (p, 2.0) for p in ("150", "151", "152", "153", "155", "156", "157", "158", "159",
                       "180", "181", "182", "183", "185", "186", "187", "188", "189")
] + [(p, 1.0) for p in ("145", "147", "166", "173", "175", "176", "177", "178", "191",
                        "198", "199")])  # fmt: skip
_SOURCES = _Weighted([("进店", 40), ("老客户介绍", 20), ("网络预约", 15), ("电话预约", 10),
                      ("保险公司推荐", 8), ("车展", 4), ("4S店转入", 3)])
_CONTACT_TIMES = _Weighted([("", 30), ("工作日白天", 25), ("工作日晚上", 15), ("周末", 15),
                            ("上午", 5), ("下午", 5), ("随时", 5)])
_NOTES = _Weighted([("", 85), ("需开增值税专用发票", 3), ("车辆主要由家人使用", 4),
                    ("偏好微信联系", 5), ("送车上门，需提前一天预约", 3)])
_ROADS = ("建设路", "人民路", "解放路", "中山路", "和平路", "新华路", "青年路", "幸福路",
          "胜利路", "文化路", "光明路", "朝阳路", "滨河路", "长江路", "黄河路", "东风路")
_ESTATES = ("阳光花园", "锦绣家园", "翠湖小区", "金色家园", "华府", "世纪城", "绿地小区",
            "名都花园", "湖畔雅居", "香榭丽舍")


@dataclass(frozen=True)
class _City:
    province_char: str  # plate prefix, e.g. 粤
    plate_letters: str  # the city's own letter first
    province: str  # 广东省; "" for the municipalities
    name: str
    area_code: str
    region_code: str  # first six digits of a resident ID issued there
    districts: tuple[str, ...]


_CITIES = _Weighted([
    (_City("京", "ABCEFGHJKLMNPQ", "", "北京市", "010", "110105", ("朝阳区", "海淀区", "丰台区", "东城区", "西城区", "通州区")), 14),
    (_City("沪", "ABDEFGHJKLN", "", "上海市", "021", "310115", ("浦东新区", "徐汇区", "闵行区", "静安区", "杨浦区")), 12),
    (_City("津", "ABCDEFGHJKLM", "", "天津市", "022", "120101", ("和平区", "河西区", "南开区", "滨海新区")), 5),
    (_City("渝", "ABCDFGH", "", "重庆市", "023", "500103", ("渝中区", "江北区", "南岸区", "渝北区")), 6),
    (_City("粤", "A", "广东省", "广州市", "020", "440106", ("天河区", "越秀区", "海珠区", "番禺区")), 8),
    (_City("粤", "B", "广东省", "深圳市", "0755", "440305", ("南山区", "福田区", "宝安区", "龙岗区")), 8),
    (_City("苏", "A", "江苏省", "南京市", "025", "320102", ("玄武区", "鼓楼区", "建邺区", "江宁区")), 5),
    (_City("苏", "E", "江苏省", "苏州市", "0512", "320505", ("姑苏区", "虎丘区", "吴中区", "工业园区")), 5),
    (_City("浙", "A", "浙江省", "杭州市", "0571", "330106", ("西湖区", "上城区", "拱墅区", "滨江区")), 6),
    (_City("浙", "B", "浙江省", "宁波市", "0574", "330203", ("海曙区", "江北区", "鄞州区")), 3),
    (_City("川", "A", "四川省", "成都市", "028", "510107", ("武侯区", "锦江区", "青羊区", "成华区")), 6),
    (_City("鄂", "A", "湖北省", "武汉市", "027", "420106", ("武昌区", "江汉区", "洪山区", "汉阳区")), 4),
    (_City("湘", "A", "湖南省", "长沙市", "0731", "430104", ("岳麓区", "芙蓉区", "天心区", "开福区")), 3),
    (_City("鲁", "A", "山东省", "济南市", "0531", "370102", ("历下区", "市中区", "槐荫区")), 3),
    (_City("鲁", "B", "山东省", "青岛市", "0532", "370202", ("市南区", "市北区", "崂山区", "黄岛区")), 3),
    (_City("豫", "A", "河南省", "郑州市", "0371", "410105", ("金水区", "二七区", "中原区", "管城回族区")), 4),
    (_City("冀", "A", "河北省", "石家庄市", "0311", "130102", ("长安区", "桥西区", "新华区", "裕华区")), 3),
    (_City("陕", "A", "陕西省", "西安市", "029", "610113", ("雁塔区", "碑林区", "未央区", "莲湖区")), 3),
    (_City("辽", "A", "辽宁省", "沈阳市", "024", "210102", ("和平区", "沈河区", "皇姑区", "铁西区")), 2),
    (_City("辽", "B", "辽宁省", "大连市", "0411", "210202", ("中山区", "西岗区", "沙河口区")), 2),
    (_City("吉", "A", "吉林省", "长春市", "0431", "220102", ("南关区", "朝阳区", "绿园区")), 2),
    (_City("黑", "A", "黑龙江省", "哈尔滨市", "0451", "230102", ("道里区", "南岗区", "香坊区")), 2),
    (_City("皖", "A", "安徽省", "合肥市", "0551", "340104", ("蜀山区", "庐阳区", "包河区")), 3),
    (_City("闽", "A", "福建省", "福州市", "0591", "350102", ("鼓楼区", "台江区", "仓山区")), 2),
    (_City("闽", "D", "福建省", "厦门市", "0592", "350203", ("思明区", "湖里区", "集美区")), 2),
    (_City("赣", "A", "江西省", "南昌市", "0791", "360102", ("东湖区", "西湖区", "青山湖区")), 2),
    (_City("晋", "A", "山西省", "太原市", "0351", "140105", ("小店区", "迎泽区", "杏花岭区")), 2),
    (_City("蒙", "A", "内蒙古自治区", "呼和浩特市", "0471", "150102", ("新城区", "回民区", "赛罕区")), 1),
    (_City("桂", "A", "广西壮族自治区", "南宁市", "0771", "450103", ("青秀区", "兴宁区", "西乡塘区")), 2),
    (_City("琼", "A", "海南省", "海口市", "0898", "460106", ("龙华区", "美兰区", "秀英区")), 1),
    (_City("贵", "A", "贵州省", "贵阳市", "0851", "520102", ("南明区", "云岩区", "观山湖区")), 1),
    (_City("云", "A", "云南省", "昆明市", "0871", "530102", ("五华区", "盘龙区", "官渡区")), 2),
    (_City("藏", "A", "西藏自治区", "拉萨市", "0891", "540102", ("城关区", "堆龙德庆区")), 0.3),
    (_City("甘", "A", "甘肃省", "兰州市", "0931", "620102", ("城关区", "七里河区", "安宁区")), 1),
    (_City("青", "A", "青海省", "西宁市", "0971", "630102", ("城东区", "城中区", "城西区")), 0.5),
    (_City("宁", "A", "宁夏回族自治区", "银川市", "0951", "640104", ("兴庆区", "金凤区", "西夏区")), 0.5),
    (_City("新", "A", "新疆维吾尔自治区", "乌鲁木齐市", "0991", "650102", ("天山区", "沙依巴克区", "新市区")), 1),
])  # fmt: skip
_ALL_CITIES: tuple[_City, ...] = tuple(_CITIES.values)


# --- vehicles -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Model:
    brand: str
    model: str
    wmi: str  # world manufacturer identifier of the maker that builds it for China
    plants: str  # VIN position 11
    fuel: str  # ice | ev (plate D) | phev (plate F) | nev (either)
    since: int  # first model year on the Chinese market
    warranty_years: int
    warranty_km: int | None  # None: unlimited mileage
    commercial: bool = False  # large new-energy plate (…12345D)


_MODELS = _Weighted([
    (_Model("大众", "朗逸", "LSV", "CD", "ice", 2008, 3, 100_000), 10),
    (_Model("大众", "帕萨特", "LSV", "C", "ice", 2011, 3, 100_000), 5),
    (_Model("大众", "途观L", "LSV", "A", "ice", 2017, 3, 100_000), 5),
    (_Model("大众", "速腾", "LFV", "M", "ice", 2012, 3, 100_000), 6),
    (_Model("大众", "迈腾", "LFV", "M", "ice", 2012, 3, 100_000), 5),
    (_Model("大众", "宝来", "LFV", "F", "ice", 2012, 3, 100_000), 4),
    (_Model("大众", "ID.4 CROZZ", "LFV", "T", "ev", 2021, 3, 100_000), 1),
    (_Model("丰田", "卡罗拉", "LFM", "A", "ice", 2014, 3, 100_000), 8),
    (_Model("丰田", "RAV4荣放", "LFM", "A", "ice", 2013, 3, 100_000), 4),
    (_Model("丰田", "凯美瑞", "LVG", "A", "ice", 2012, 3, 100_000), 5),
    (_Model("丰田", "汉兰达", "LVG", "A", "ice", 2015, 3, 100_000), 3),
    (_Model("丰田", "雷凌", "LVG", "A", "ice", 2014, 3, 100_000), 3),
    (_Model("本田", "雅阁", "LHG", "C", "ice", 2012, 3, 100_000), 6),
    (_Model("本田", "飞度", "LHG", "G", "ice", 2012, 3, 100_000), 2),
    (_Model("本田", "缤智", "LHG", "H", "ice", 2015, 3, 100_000), 2),
    (_Model("本田", "思域", "LVH", "R", "ice", 2016, 3, 100_000), 4),
    (_Model("本田", "CR-V", "LVH", "R", "ice", 2012, 3, 100_000), 5),
    (_Model("日产", "轩逸", "LGB", "H", "ice", 2012, 3, 100_000), 8),
    (_Model("日产", "奇骏", "LGB", "F", "ice", 2014, 3, 100_000), 3),
    (_Model("日产", "天籁", "LGB", "H", "ice", 2013, 3, 100_000), 2),
    (_Model("别克", "英朗", "LSG", "K", "ice", 2015, 3, 100_000), 5),
    (_Model("别克", "君威", "LSG", "K", "ice", 2017, 3, 100_000), 2),
    (_Model("别克", "GL8", "LSG", "A", "ice", 2017, 3, 100_000), 2),
    (_Model("比亚迪", "秦PLUS", "LGX", "CW", "nev", 2021, 6, 150_000), 7),
    (_Model("比亚迪", "宋PLUS", "LGX", "CW", "nev", 2020, 6, 150_000), 5),
    (_Model("比亚迪", "汉", "LGX", "C", "nev", 2020, 6, 150_000), 3),
    (_Model("比亚迪", "元PLUS", "LGX", "C", "ev", 2022, 6, 150_000), 3),
    (_Model("比亚迪", "海豚", "LGX", "C", "ev", 2021, 6, 150_000), 3),
    (_Model("比亚迪", "T3", "LGX", "C", "ev", 2019, 5, 200_000, commercial=True), 0.4),
    (_Model("吉利", "星越L", "L6T", "7", "ice", 2021, 3, 100_000), 4),
    (_Model("吉利", "帝豪", "L6T", "7", "ice", 2012, 3, 100_000), 5),
    (_Model("吉利", "博越", "L6T", "7", "ice", 2016, 3, 100_000), 4),
    (_Model("长安", "CS75 PLUS", "LS5", "A", "ice", 2019, 3, 100_000), 4),
    (_Model("长安", "逸动", "LS5", "A", "ice", 2013, 3, 100_000), 3),
    (_Model("哈弗", "H6", "LGW", "E", "ice", 2012, 3, 100_000), 6),
    (_Model("宝马", "3系", "LBV", "N", "ice", 2012, 3, None), 3),
    (_Model("宝马", "5系", "LBV", "N", "ice", 2012, 3, None), 3),
    (_Model("宝马", "X3", "LBV", "N", "ice", 2018, 3, None), 2),
    (_Model("宝马", "7系", "WBA", "C", "ice", 2012, 3, None), 0.5),
    (_Model("奔驰", "C级", "LE4", "G", "ice", 2015, 3, None), 3),
    (_Model("奔驰", "E级", "LE4", "G", "ice", 2016, 3, None), 3),
    (_Model("奔驰", "GLC", "LE4", "G", "ice", 2016, 3, None), 3),
    (_Model("奔驰", "S级", "WDD", "A", "ice", 2014, 3, None), 0.5),
    (_Model("奥迪", "A4L", "LFV", "3", "ice", 2013, 3, 100_000), 3),
    (_Model("奥迪", "A6L", "LFV", "3", "ice", 2012, 3, 100_000), 3),
    (_Model("奥迪", "Q5L", "LFV", "3", "ice", 2018, 3, 100_000), 2),
    (_Model("特斯拉", "Model 3", "LRW", "C", "ev", 2020, 4, 80_000), 3),
    (_Model("特斯拉", "Model Y", "LRW", "C", "ev", 2021, 4, 80_000), 3),
    (_Model("五菱", "宏光MINIEV", "LZW", "A", "ev", 2020, 3, 100_000), 3),
    (_Model("五菱", "宏光", "LZW", "A", "ice", 2012, 3, 100_000), 2),
    (_Model("福特", "福克斯", "LVS", "H", "ice", 2012, 3, 100_000), 3),
    (_Model("福特", "蒙迪欧", "LVS", "H", "ice", 2013, 3, 100_000), 2),
    (_Model("奇瑞", "瑞虎8", "LVV", "D", "ice", 2018, 3, 100_000), 3),
])  # fmt: skip
_COLOURS = _Weighted([("白色", 30), ("黑色", 20), ("灰色", 14), ("银色", 12), ("蓝色", 8),
                      ("红色", 6), ("珍珠白", 4), ("棕色", 2), ("绿色", 2), ("香槟金", 2)])
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # no I, O, Q
_PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O
_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # model years 2010, 2011, … (ISO 3779)
_OLDEST_CAR_YEARS = 12


def _year_code(year: int) -> str:
    return _YEAR_CODES[(year - 2010) % len(_YEAR_CODES)]


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class DemoCustomer:
    """One generated customer file with its vehicles (already normalised, valid input)."""

    customer: CustomerInput
    vehicles: tuple[VehicleInput, ...]
    first_visit_on: dt.date


class DemoDataGenerator:
    """Deterministic source of demo customers; the same seed and ``today`` give the same data."""

    def __init__(self, seed: int, today: dt.date, *, taken_plates: Iterable[str] = (),
                 taken_vins: Iterable[str] = (), taken_mobiles: Iterable[str] = ()) -> None:
        self._rng = random.Random(seed)
        self._today = today
        self._plates: set[str] = set(taken_plates)
        self._vins: set[str] = set(taken_vins)
        self._mobiles: set[str] = set(taken_mobiles)
        self._model_codes: dict[str, str] = {}

    def customers(self, count: int, start: int = 0) -> Iterator[DemoCustomer]:
        """``count`` customers; ``start`` numbers them so chunks keep the two-vehicle pattern."""
        for index in range(start, start + count):
            yield self._customer(index)

    # --- customer ---------------------------------------------------------------------------
    def _customer(self, index: int) -> DemoCustomer:
        rng = self._rng
        city = _CITIES.pick(rng)
        company = rng.random() < 0.04
        name = self._company_name(city) if company else self._person_name()
        mobile = self._mobile()
        other_phone = ""
        if rng.random() < 0.1:
            other_phone = f"{city.area_code}-{rng.randint(2, 8)}{rng.randrange(10_000_000):07d}"
        id_number = ""
        if company:
            id_number = self._credit_code(city)
        elif rng.random() < 0.3:
            id_number = self._resident_id(city)
        vehicle_total = 2 if index % TWO_VEHICLE_EVERY == TWO_VEHICLE_EVERY - 1 else 1
        vehicles = tuple(self._vehicle(city) for _ in range(vehicle_total))
        first_purchase = min(v.purchase_date for v in vehicles if v.purchase_date is not None)
        span = (self._today - first_purchase).days
        first_visit = first_purchase + dt.timedelta(days=rng.randint(0, min(span, 400)))
        customer = CustomerInput(
            name=name,
            kind="company" if company else "individual",
            mobile=mobile,
            other_phone=other_phone,
            address=self._address(city),
            id_number=id_number,
            source=_SOURCES.pick(rng),
            preferred_contact_time=_CONTACT_TIMES.pick(rng),
            consent_contact=rng.random() < 0.9,
            notes=_NOTES.pick(rng),
        )
        return DemoCustomer(customer, vehicles, first_visit)

    def _person_name(self) -> str:
        rng = self._rng
        given_length = 1 if rng.random() < 0.3 else 2
        return _SURNAMES.pick(rng) + "".join(rng.choice(_GIVEN_CHARS) for _ in range(given_length))

    def _company_name(self, city: _City) -> str:
        rng = self._rng
        return f"{city.name[:-1]}{rng.choice(_COMPANY_WORDS)}{rng.choice(_COMPANY_TRADES)}有限公司"

    def _mobile(self) -> str:
        rng = self._rng
        while True:
            mobile = f"{_MOBILE_PREFIXES.pick(rng)}{rng.randrange(100_000_000):08d}"
            if mobile not in self._mobiles:
                self._mobiles.add(mobile)
                return mobile

    def _address(self, city: _City) -> str:
        rng = self._rng
        street = f"{rng.choice(city.districts)}{rng.choice(_ROADS)}{rng.randint(1, 399)}号"
        if rng.random() < 0.6:
            street += (f"{rng.choice(_ESTATES)}{rng.randint(1, 30)}栋"
                       f"{rng.randint(1, 4)}单元{rng.randint(1, 32)}{rng.randint(1, 4):02d}室")
        return f"{city.province}{city.name}{street}"

    def _resident_id(self, city: _City) -> str:
        rng = self._rng
        birthday = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 43))
        first17 = f"{city.region_code}{birthday:%Y%m%d}{rng.randrange(1000):03d}"
        return first17 + id_number_check_char(first17)

    def _credit_code(self, city: _City) -> str:
        rng = self._rng
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        organisation = "".join(rng.choice(alphabet) for _ in range(8)) + rng.choice("0123456789")
        first17 = f"91{city.region_code}{organisation}"
        return first17 + credit_code_check_char(first17)

    # --- vehicle ----------------------------------------------------------------------------
    def _vehicle(self, home: _City) -> VehicleInput:
        rng = self._rng
        model = _MODELS.pick(rng)
        today = self._today
        earliest = max(dt.date(model.since, 1, 1), _add_years(today, -_OLDEST_CAR_YEARS))
        latest = today - dt.timedelta(days=7)
        if earliest > latest:
            earliest = latest
        # Workshops see younger cars more often: skew purchase dates towards today.
        days = (latest - earliest).days
        purchase = earliest + dt.timedelta(days=int(rng.triangular(0, days, days)))
        model_year = purchase.year + 1 if purchase.month >= 10 and rng.random() < 0.3 else purchase.year
        model_year = max(model_year, model.since)
        age_years = (today - purchase).days / 365.25
        mileage = int(age_years * rng.uniform(6_000, 25_000)) + rng.randint(0, 800)
        plate_city = home if rng.random() < 0.8 else rng.choice(_ALL_CITIES)
        return VehicleInput(
            plate=self._plate(plate_city, model),
            vin=self._vin(model, model_year),
            brand=model.brand,
            model=model.model,
            model_year=model_year,
            engine_no=self._engine_no(model),
            colour=_COLOURS.pick(rng),
            purchase_date=purchase,
            mileage_km=mileage,
            insurance_expiry=self._next_anniversary(purchase, step=1, grace_days=45),
            inspection_due=self._inspection_due(purchase),
            warranty_end_date=_add_years(purchase, model.warranty_years),
            warranty_end_km=model.warranty_km,
        )

    def _plate(self, city: _City, model: _Model) -> str:
        rng = self._rng
        while True:
            letters = city.plate_letters
            letter = letters[0] if len(letters) == 1 or rng.random() < 0.6 else rng.choice(letters)
            prefix = city.province_char + letter
            fuel = model.fuel
            if fuel == "nev":
                fuel = "ev" if rng.random() < 0.4 else "phev"
            if fuel == "ice":
                chars = [rng.choice("0123456789") for _ in range(5)]
                letter_count = rng.choices((0, 1, 2), weights=(55, 30, 15))[0]
                for position in rng.sample(range(5), letter_count):
                    chars[position] = rng.choice(_PLATE_LETTERS)
                plate = prefix + "".join(chars)
            else:
                energy = "D" if fuel == "ev" else "F"
                if model.commercial:
                    plate = f"{prefix}{rng.randrange(100_000):05d}{energy}"
                else:
                    fourth = rng.choice(_PLATE_LETTERS) if rng.random() < 0.4 else rng.choice("0123456789")
                    plate = f"{prefix}{energy}{fourth}{rng.randrange(10_000):04d}"
            if plate not in self._plates:
                self._plates.add(plate)
                return plate

    def _model_code(self, model: _Model) -> str:
        """Positions 4–6 of the VIN: fixed per model, as on real cars of one line."""
        key = f"{model.brand}{model.model}"
        code = self._model_codes.get(key)
        if code is None:
            stable = random.Random(key)  # independent of the seed and of PYTHONHASHSEED
            code = "".join(stable.choice(_VIN_CHARS) for _ in range(3))
            self._model_codes[key] = code
        return code

    def _vin(self, model: _Model, model_year: int) -> str:
        rng = self._rng
        while True:
            variant = rng.choice(_VIN_CHARS) + rng.choice(_VIN_CHARS)
            body = (f"{model.wmi}{self._model_code(model)}{variant}0{_year_code(model_year)}"
                    f"{rng.choice(model.plants)}{rng.randrange(1_000_000):06d}")
            vin = body[:8] + vin_check_digit(body) + body[9:]
            if vin not in self._vins:
                self._vins.add(vin)
                return vin

    def _engine_no(self, model: _Model) -> str:
        rng = self._rng
        prefix = self._model_code(model)
        if model.fuel != "ice":
            return f"TZ{prefix}{rng.randrange(10_000_000):07d}"
        return f"{prefix}{rng.randrange(1_000_000):06d}"

    def _next_anniversary(self, start: dt.date, *, step: int, grace_days: int) -> dt.date:
        """The first anniversary (every ``step`` years) not older than ``grace_days``."""
        threshold = self._today - dt.timedelta(days=grace_days)
        years = step
        while _add_years(start, years) < threshold:
            years += step
        return _add_years(start, years)

    def _inspection_due(self, purchase: dt.date) -> dt.date:
        """年检: every two years for the first ten, then every year (private cars)."""
        threshold = self._today - dt.timedelta(days=30)
        years = 2
        while _add_years(purchase, years) < threshold:
            years += 2 if years < 10 else 1
        return _add_years(purchase, years)


__all__ = ["TWO_VEHICLE_EVERY", "DemoCustomer", "DemoDataGenerator", "customers_for_vehicles",
           "vehicle_count"]
